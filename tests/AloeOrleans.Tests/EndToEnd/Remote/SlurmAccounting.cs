using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Renci.SshNet;
using static AloeOrleans.Tests.Infrastructure.Remote.RemoteTestEnvironment;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// What Slurm itself says, independent of the service: <c>sacct</c> over SSH as the test user (sessions carry
/// SLURM_CONF), <c>sdiag</c>'s RPC counters of slurmctld, <c>sacctmgr show stats</c>' counters of slurmdbd.
/// </summary>
public static partial class SlurmAccounting
{
    private const string Fields = "JobID,JobName,State,ExitCode,Partition,Submit,Start,End";

    /// <summary>The slurmctld RPCs that squeue/scontrol use to read jobs (sdiag's names).</summary>
    public static readonly IReadOnlyList<string> JobInfoRpcs = ["REQUEST_JOB_INFO", "REQUEST_JOB_INFO_SINGLE", "REQUEST_JOB_USER_INFO"];

    /// <summary>
    /// The allocation line of job <paramref name="jobId"/> named <paramref name="jobName"/>, or null when sacct does not
    /// know it (yet). The name matters: a test cluster restarted without its controller state reuses job ids that its
    /// accounting database still remembers from earlier runs.
    /// </summary>
    public static async Task<SacctJob?> FindAsync(SshClient ssh, string jobId, string jobName)
    {
        var jobs = await QueryAsync(ssh, $"-j {ShellQuote(jobId)}");
        return jobs.SingleOrDefault(job => job.JobId == jobId && job.JobName == jobName);
    }

    /// <summary>
    /// Every job (allocation lines) named one of <paramref name="names"/> since yesterday, whatever its state: the
    /// service names each Slurm job after the job's UUID, so two lines with one name mean it was submitted twice.
    /// </summary>
    public static Task<IReadOnlyList<SacctJob>> ByNamesAsync(SshClient ssh, IEnumerable<string> names) =>
        QueryAsync(ssh, $"-S now-1days --name={ShellQuote(string.Join(',', names))}");

    /// <summary>Polls sacct until job <paramref name="jobId"/> is in a state <paramref name="accept"/> takes, or fails at the deadline.</summary>
    public static async Task<SacctJob> WaitForAsync(SshClient ssh, string jobId, string jobName, Func<SacctJob, bool> accept, TimeSpan timeout,
        string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        SacctJob? last = null;
        while (true)
        {
            last = await FindAsync(ssh, jobId, jobName) ?? last;
            if (last is not null && accept(last))
            {
                return last;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"sacct did not show Slurm job {jobId} {what} within {timeout.TotalSeconds:0} s; last: {last?.ToString() ?? "(unknown to sacct)"}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>The job ids <c>squeue</c> lists for the test user right now.</summary>
    public static async Task<IReadOnlyList<string>> QueuedJobIdsAsync(SshClient ssh)
    {
        var (exit, output, error) = await RunAsync(ssh, "squeue -h --me -o %i");
        return exit == 0
            ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : throw new InvalidOperationException($"squeue failed ({exit}): {error}");
    }

    /// <summary>
    /// slurmctld's count of job-reading RPCs since its start or last reset (sdiag; readable by any user), by type.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, long>> JobInfoRpcCountsAsync(SshClient ssh)
    {
        var (exit, output, error) = await RunAsync(ssh, "sdiag");
        if (exit != 0)
        {
            throw new InvalidOperationException($"sdiag failed ({exit}): {error}");
        }

        return CountsByType(output, JobInfoRpcs);
    }

    /// <summary>
    /// slurmdbd's count of job queries (DBD_GET_JOBS_COND: one per sacct call) from <c>sacctmgr show stats</c>, run
    /// on this machine with SLURM_CONF; null when not permitted (only the Slurm user or root may read them) or
    /// not available, with the reason.
    /// </summary>
    public static async Task<(long? Count, string Why)> DbdJobQueryCountAsync()
    {
        try
        {
            var start = new ProcessStartInfo("sacctmgr", ["show", "stats"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["SLURM_CONF"] = SlurmConf;
            using var process = Process.Start(start) ?? throw new InvalidOperationException("sacctmgr did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                return (null, $"sacctmgr show stats exited {process.ExitCode}: {(await error).Trim()}");
            }

            var counts = CountsByType(await output, ["DBD_GET_JOBS_COND"]);
            return (counts.GetValueOrDefault("DBD_GET_JOBS_COND"), "");
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException or OperationCanceledException)
        {
            return (null, $"sacctmgr show stats not available here: {exception.Message}");
        }
    }

    /// <summary>The scheduler's view after a cancel: Slurm 22.05 shows "CANCELLED by &lt;uid&gt;".</summary>
    public static bool IsCancelled(SacctJob job) => job.State.StartsWith("CANCELLED", StringComparison.Ordinal);

    private static async Task<IReadOnlyList<SacctJob>> QueryAsync(SshClient ssh, string selection)
    {
        var (exit, output, error) = await RunAsync(ssh, $"SLURM_TIME_FORMAT=%s sacct -n -X -P {selection} -o {Fields}");
        if (exit != 0)
        {
            throw new InvalidOperationException($"sacct {selection} failed ({exit}): {error}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|'))
            .Where(fields => fields.Length == 8)
            .Select(fields => new SacctJob(fields[0], fields[1], fields[2], fields[3], fields[4], Time(fields[5]), Time(fields[6]), Time(fields[7])))
            .ToList();
    }

    private static DateTimeOffset? Time(string field) =>
        long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>Sums the "count:" of the lines <c>NAME (number) count:N …</c> of the given names (sdiag and sacctmgr print them alike).</summary>
    private static Dictionary<string, long> CountsByType(string output, IReadOnlyList<string> names)
    {
        var counts = names.ToDictionary(name => name, _ => 0L, StringComparer.Ordinal);
        // Only the "by message type" section: the pending-RPC section repeats names with other counts.
        var from = output.IndexOf("by message type", StringComparison.Ordinal);
        var to = output.IndexOf("by user", StringComparison.Ordinal);
        var section = from < 0 ? output : to > from ? output[from..to] : output[from..];
        foreach (Match match in RpcLine().Matches(section))
        {
            var name = match.Groups["name"].Value;
            if (counts.ContainsKey(name))
            {
                counts[name] += long.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture);
            }
        }

        return counts;
    }

    [GeneratedRegex(@"^\s*(?<name>[A-Z_]+)\s+\(\s*\d+\)\s+count:(?<count>\d+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex RpcLine();
}
