using Renci.SshNet;
using Xunit;
using static AloeOrleans.Tests.Infrastructure.Remote.RemoteTestEnvironment;

namespace AloeOrleans.Tests.Infrastructure.Remote;

/// <summary>
/// The single-node Slurm of <c>scripts/slurm.sh</c> (with slurmdbd accounting), driven over the sshd of
/// <c>scripts/sshd.sh</c> as the test user, the way the service drives a Slurm execution system.
/// </summary>
[NeedsServers]
public class SlurmOverSshTests
{
    private static readonly TimeSpan JobDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ssh_sessions_carry_the_slurm_configuration()
    {
        using var client = await ConnectAsync();
        var (exit, output, _) = await RunAsync(client, "printenv SLURM_CONF");
        Assert.Equal(0, exit);
        Assert.Equal(SlurmConf, output.Trim());
    }

    [Fact]
    public async Task Sbatch_job_completes_and_sacct_reports_it_by_name()
    {
        using var client = await ConnectAsync();
        var name = Guid.NewGuid().ToString();
        var jobId = await SubmitAsync(client, $"--job-name={name} --output=/dev/null --wrap 'echo hi'");

        var (state, jobName, exitCode) = await WaitForSacctStateAsync(client, jobId, name, s => s == "COMPLETED");
        Assert.Equal("COMPLETED", state);
        Assert.Equal(name, jobName);
        Assert.Equal("0:0", exitCode);
    }

    [Fact]
    public async Task Squeue_lists_a_running_job_and_scancel_leaves_it_cancelled_in_sacct()
    {
        using var client = await ConnectAsync();
        var name = Guid.NewGuid().ToString();
        var jobId = await SubmitAsync(client,
            $"--job-name={name} --partition={SlurmShortPartition} --time=00:05:00 --output=/dev/null --wrap 'sleep 300'");

        var deadline = DateTime.UtcNow + JobDeadline;
        string queued;
        while (true)
        {
            var (exit, output, error) = await RunAsync(client, $"squeue -h -j {jobId} -o '%i|%j|%T'");
            Assert.True(exit == 0, $"squeue failed: {error}");
            queued = output.Trim();
            if (queued == $"{jobId}|{name}|RUNNING" || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(200);
        }
        Assert.Equal($"{jobId}|{name}|RUNNING", queued);

        var cancel = await RunAsync(client, $"scancel {jobId}");
        Assert.True(cancel.ExitStatus == 0, $"scancel failed: {cancel.Error}");

        var (state, jobName, _) = await WaitForSacctStateAsync(client, jobId, name,
            s => s.StartsWith("CANCELLED", StringComparison.Ordinal));
        Assert.StartsWith("CANCELLED", state);
        Assert.Equal(name, jobName);
    }

    private static async Task<string> SubmitAsync(SshClient client, string arguments)
    {
        var (exit, output, error) = await RunAsync(client, $"sbatch --parsable {arguments}");
        Assert.True(exit == 0, $"sbatch failed ({exit}): {error}");
        // --parsable prints "<id>" or "<id>;<cluster>".
        var id = output.Trim().Split(';')[0];
        Assert.True(long.TryParse(id, out _), $"sbatch printed no job id: '{output}'");
        return id;
    }

    /// <summary>
    /// Polls <c>sacct</c> until the job's own line (not its steps) is in a state the predicate accepts and carries
    /// the job's name. Slurm 22.05 accounting can briefly show a job that ran for under a second with the
    /// placeholder name "allocation" (its completion reached slurmdbd before its start record); the real name
    /// follows within moments.
    /// </summary>
    private static async Task<(string State, string JobName, string ExitCode)> WaitForSacctStateAsync(
        SshClient client, string jobId, string jobName, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow + JobDeadline;
        var last = "(no sacct output)";
        while (DateTime.UtcNow < deadline)
        {
            var (exit, output, error) = await RunAsync(client, $"sacct -j {jobId} --format=JobID,JobName,State,ExitCode -P -n");
            Assert.True(exit == 0, $"sacct failed: {error}");
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var fields = line.Split('|');
                if (fields.Length == 4 && fields[0] == jobId)
                {
                    last = line;
                    if (done(fields[2]) && fields[1] == jobName)
                    {
                        return (fields[2], fields[1], fields[3]);
                    }
                }
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"job {jobId} did not reach the expected state within {JobDeadline}; last sacct line: {last}");
    }
}
