using System.Globalization;
using AloeOrleans.Grains.Submission;

namespace AloeOrleans.Grains.Execution.Slurm;

/// <summary>
/// The Slurm command lines the service runs on a login node. Every value that reaches the shell is quoted; job ids
/// are checked to be numeric before they are spliced into a list. Output formats are fixed here and read by
/// <see cref="SlurmOutputParser"/>.
/// </summary>
public static class SlurmCommands
{
    /// <summary>Field separator of the squeue format: a character Slurm never puts in ids, names or states.</summary>
    public const char Separator = '|';

    /// <summary><c>sbatch --parsable</c>; the job name is the Aloe job UUID, so a retried submission can find it.</summary>
    public static string Submit(SlurmSubmission submission)
    {
        var arguments = new List<string>
        {
            "sbatch", "--parsable",
            $"--job-name={submission.JobName}",
            $"--chdir={submission.WorkDir}",
            $"--nodes={Positive(submission.Resources.NodeCount)}",
            $"--ntasks-per-node={Positive(submission.Resources.ProcessorsPerNode)}",
            $"--time={TimeLimit(submission.Resources.MaxHours)}",
            $"--output={submission.WorkDir}/.aloe/slurm-%j.out",
        };
        if (submission.Resources.MemoryPerNodeGb > 0)
        {
            arguments.Add($"--mem={MemoryMegabytes(submission.Resources.MemoryPerNodeGb)}M");
        }

        if (!string.IsNullOrEmpty(submission.Resources.RemoteQueue))
        {
            arguments.Add($"--partition={submission.Resources.RemoteQueue}");
        }

        arguments.Add(submission.ScriptPath);
        return string.Join(' ', arguments.Select(ShellQuoting.Quote));
    }

    /// <summary>One <c>squeue</c> for many jobs, finished ones included while Slurm still remembers them.</summary>
    public static string Status(IEnumerable<string> jobIds) =>
        $"squeue --noheader --states=all --format={ShellQuoting.Quote("%i|%j|%T|%r")} --jobs={IdList(jobIds)}";

    /// <summary>One <c>sacct</c> for many jobs (allocations only, no steps): the answer for jobs squeue forgot.</summary>
    public static string Accounting(IEnumerable<string> jobIds) =>
        $"sacct --noheader --parsable2 --allocations --format=JobID,JobName,State,ExitCode --jobs={IdList(jobIds)}";

    /// <summary>Jobs with this name (the Aloe UUID) that Slurm knows, so a submission after a crash finds the first one.</summary>
    public static string FindByName(string jobName) =>
        $"sacct --noheader --parsable2 --allocations --starttime=now-7days --format=JobID,JobName,State,ExitCode --name={ShellQuoting.Quote(jobName)}";

    /// <summary>
    /// Job ids with this name that <c>squeue</c> still lists, finished ones included (for MinJobAge). Asked before
    /// <see cref="FindByName"/>: accounting lags a few seconds behind the end of a short job.
    /// </summary>
    public static string FindQueuedByName(string jobName) =>
        $"squeue --noheader --states=all --name={ShellQuoting.Quote(jobName)} --format=%i";

    /// <summary>
    /// Asks each controller whether it answers (<c>Slurmctld(primary) at host is UP</c>): the cheapest call that needs
    /// slurmctld, it lists nothing and returns at once when the controller's port is closed.
    /// </summary>
    public const string Ping = "scontrol ping";

    public static string Cancel(string jobId) => $"scancel {IdList([jobId])}";

    /// <summary>
    /// Holds a pending job (priority 0: it is never started until released). Run by the job's owner it is a user
    /// hold (squeue reason <c>JobHeldUser</c>) that the owner may release; run by a Slurm administrator, an admin hold.
    /// </summary>
    public static string Hold(string jobId) => $"scontrol hold {IdList([jobId])}";

    /// <summary>Releases a held job: it waits in the queue again with its usual priority.</summary>
    public static string Release(string jobId) => $"scontrol release {IdList([jobId])}";

    /// <summary>
    /// Slurm's time limit format: minutes are rounded up, days written as <c>D-HH:MM:SS</c>. Any <paramref name="hours"/>
    /// gives a valid limit (<see cref="RunTime.ToTimeSpan"/> saturates), never an overflowed one.
    /// </summary>
    public static string TimeLimit(double hours)
    {
        var totalMinutes = Math.Max(1, (long)Math.Ceiling(RunTime.ToTimeSpan(hours).TotalMinutes - 1e-9));
        var days = totalMinutes / (24 * 60);
        var remainder = totalMinutes % (24 * 60);
        var clock = string.Create(CultureInfo.InvariantCulture, $"{remainder / 60:00}:{remainder % 60:00}:00");
        return days > 0 ? string.Create(CultureInfo.InvariantCulture, $"{days}-{clock}") : clock;
    }

    /// <summary>GB to whole megabytes, rounded up so a job never gets less than it asked for.</summary>
    public static long MemoryMegabytes(double gigabytes) => (long)Math.Ceiling(gigabytes * 1024 - 1e-9);

    private static string IdList(IEnumerable<string> jobIds)
    {
        var ids = jobIds.ToList();
        if (ids.Count == 0 || ids.Any(id => id.Length == 0 || !id.All(char.IsAsciiDigit)))
        {
            throw new ArgumentException($"Slurm job ids must be numbers, got '{string.Join(",", ids)}'.", nameof(jobIds));
        }

        return string.Join(',', ids);
    }

    private static int Positive(int value) => value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Must be at least 1.");
}
