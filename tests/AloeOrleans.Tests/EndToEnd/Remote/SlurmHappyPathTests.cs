using System.Globalization;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>wc-1.0 on a Slurm system over SSH through the real service, checked against what Slurm's accounting says.</summary>
[NeedsServers]
public sealed class SlurmHappyPathTests(RemoteServiceFixture fixture, ITestOutputHelper output) : IClassFixture<RemoteServiceFixture>
{
    /// <summary>The end of a run to FINISHED: a few 1 s status checks, cleaning up and archiving one small file.</summary>
    private static readonly TimeSpan MaxEndToFinished = TimeSpan.FromSeconds(60);

    private static readonly string[] SlurmPath =
    [
        "ACCEPTED", "PENDING", "PROCESSING_INPUTS", "STAGING_INPUTS", "STAGED", "STAGING_JOB", "SUBMITTING", "QUEUED", "RUNNING",
        "CLEANING_UP", "ARCHIVING", "FINISHED",
    ];

    [Fact]
    public async Task Wc_with_sftp_http_and_ftp_inputs_runs_under_Slurm_to_FINISHED_and_is_archived_over_SFTP()
    {
        await using var tenant = await RemoteTestTenant.CreateAsync(fixture.Service);

        var job = await WcRemoteScenario.RunAsync(tenant, fixture.Files, RemoteServiceSettings.SlurmSystem, "SLURM");
        var id = Str(job, "id");
        output.WriteLine($"Job: {job}");

        // QUEUED is what the service records after sbatch; a job Slurm starts at once may be seen RUNNING first.
        var statuses = Collapse(await tenant.Jobs.HistoryStatusesAsync(id));
        var expected = statuses.Contains("QUEUED") ? SlurmPath : SlurmPath.Where(status => status != "QUEUED").ToArray();
        Assert.True(expected.SequenceEqual(statuses), $"history {string.Join(", ", statuses)}");

        var remoteJobId = Str(job, "remoteJobId");
        Assert.True(long.TryParse(remoteJobId, NumberStyles.None, CultureInfo.InvariantCulture, out _), $"remoteJobId {remoteJobId} is not a Slurm job id");
        Assert.Equal(RemoteSystemBodies.DefaultQueue, Str(job, "remoteQueue"));

        // Slurm's own record: the job named after the job's UUID, completed with exit code 0, in the queue's partition.
        var slurm = await SlurmAccounting.WaitForAsync(tenant.Ssh, remoteJobId, id, j => j.State == "COMPLETED" && j.End is not null,
            TimeSpan.FromSeconds(30), "COMPLETED");
        Assert.Equal(id, slurm.JobName);
        Assert.Equal("0:0", slurm.ExitCode);
        Assert.Equal(RemoteSystemBodies.DefaultQueue, slurm.Partition);
        Assert.Single(await SlurmAccounting.ByNamesAsync(tenant.Ssh, [id]));

        // How long the service takes from the end of the Slurm job (sacct End, whole seconds) to FINISHED.
        var finishedAt = await EventTimeAsync(tenant.Jobs, id, "FINISHED");
        var endToFinished = finishedAt - slurm.End!.Value;
        var submitToFinished = finishedAt - slurm.Submit!.Value;
        output.WriteLine(
            $"Slurm job {remoteJobId}: submitted {slurm.Submit:O}, started {slurm.Start:O}, ended {slurm.End:O}; FINISHED at {finishedAt:O} " +
            $"(job 'ended' {Str(job, "ended")}). Slurm end → FINISHED: {endToFinished.TotalSeconds:0.0} s; " +
            $"sbatch → FINISHED: {submitToFinished.TotalSeconds:0.0} s (sacct times are whole seconds).");
        Assert.True(endToFinished > TimeSpan.FromSeconds(-1) && endToFinished < MaxEndToFinished,
            $"FINISHED {endToFinished.TotalSeconds:0.0} s after the Slurm job ended, expected under {MaxEndToFinished.TotalSeconds:0} s");

        var ticks = MonitorTickLog.Read(fixture.Service, tenant.TenantId, RemoteServiceSettings.SlurmSystem);
        output.WriteLine($"Monitor ticks logged for this tenant's {RemoteServiceSettings.SlurmSystem}: {ticks.Count}: " +
                         string.Join("; ", ticks.Take(20)));
    }
}
