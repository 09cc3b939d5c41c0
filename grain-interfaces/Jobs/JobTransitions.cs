using System.Collections.Frozen;

namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// The transition table (docs/lifecycle.md, "Transitions") as data, the only place where legality of a status change is decided.
/// BLOCKED and PAUSED may additionally return to the state they were entered from; that state is saved with the
/// job, so <see cref="IsLegal"/> takes it as an argument.
/// </summary>
public static class JobTransitions
{
    private static readonly FrozenDictionary<JobStatus, FrozenSet<JobStatus>> Table = Build(
        From(JobStatus.ACCEPTED).To(JobStatus.PENDING, JobStatus.FAILED),
        From(JobStatus.PENDING).To(JobStatus.PROCESSING_INPUTS, JobStatus.BLOCKED, JobStatus.PAUSED, JobStatus.STOPPED, JobStatus.FAILED),
        From(JobStatus.PROCESSING_INPUTS).To(JobStatus.STAGING_INPUTS, JobStatus.STAGED, JobStatus.BLOCKED, JobStatus.PAUSED, JobStatus.STOPPED, JobStatus.FAILED),
        From(JobStatus.STAGING_INPUTS).To(JobStatus.STAGED, JobStatus.BLOCKED, JobStatus.PAUSED, JobStatus.STOPPED, JobStatus.FAILED),
        From(JobStatus.STAGED).To(JobStatus.STAGING_JOB, JobStatus.BLOCKED, JobStatus.PAUSED, JobStatus.STOPPED, JobStatus.FAILED),
        From(JobStatus.STAGING_JOB).To(JobStatus.SUBMITTING, JobStatus.BLOCKED, JobStatus.PAUSED, JobStatus.STOPPED, JobStatus.FAILED),
        From(JobStatus.SUBMITTING).To(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.CLEANING_UP, JobStatus.BLOCKED, JobStatus.PAUSED, JobStatus.STOPPED, JobStatus.FAILED),
        From(JobStatus.QUEUED).To(JobStatus.RUNNING, JobStatus.CLEANING_UP, JobStatus.BLOCKED, JobStatus.PAUSED, JobStatus.STOPPED, JobStatus.FAILED),
        From(JobStatus.RUNNING).To(JobStatus.CLEANING_UP, JobStatus.QUEUED, JobStatus.BLOCKED, JobStatus.PAUSED, JobStatus.STOPPED, JobStatus.FAILED),
        From(JobStatus.CLEANING_UP).To(JobStatus.ARCHIVING, JobStatus.FINISHED, JobStatus.FAILED, JobStatus.BLOCKED, JobStatus.PAUSED, JobStatus.STOPPED),
        From(JobStatus.ARCHIVING).To(JobStatus.FINISHED, JobStatus.FAILED, JobStatus.BLOCKED, JobStatus.PAUSED, JobStatus.STOPPED),
        From(JobStatus.BLOCKED).To(JobStatus.STOPPED, JobStatus.FAILED),
        From(JobStatus.PAUSED).To(JobStatus.STOPPED, JobStatus.FAILED),
        From(JobStatus.FINISHED).To(),
        From(JobStatus.STOPPED).To(),
        From(JobStatus.FAILED).To());

    /// <summary>FINISHED, STOPPED and FAILED: nothing follows them.</summary>
    public static bool IsTerminal(JobStatus status) => Table[status].Count == 0;

    /// <summary>States in which the job holds a worker slot of its tenant queue (docs/queues.md, "Worker slots").</summary>
    public static bool IsActiveProcessing(JobStatus status) =>
        status is not (JobStatus.ACCEPTED or JobStatus.PENDING or JobStatus.BLOCKED or JobStatus.PAUSED) && !IsTerminal(status);

    /// <summary>States a BLOCKED or PAUSED job may have been entered from, and so may return to.</summary>
    public static bool CanBeResumedTo(JobStatus status) =>
        status is not (JobStatus.ACCEPTED or JobStatus.BLOCKED or JobStatus.PAUSED) && !IsTerminal(status);

    /// <summary>
    /// Whether <paramref name="from"/> → <paramref name="to"/> is legal. <paramref name="suspendedFrom"/> is the state
    /// a BLOCKED or PAUSED job was entered from; it is ignored for every other state.
    /// </summary>
    public static bool IsLegal(JobStatus from, JobStatus to, JobStatus? suspendedFrom = null)
    {
        if (Table[from].Contains(to))
        {
            return true;
        }

        return from is JobStatus.BLOCKED or JobStatus.PAUSED
            && suspendedFrom is { } previous
            && previous == to
            && CanBeResumedTo(previous);
    }

    /// <summary>The states reachable from <paramref name="from"/> by the table alone.</summary>
    public static IReadOnlySet<JobStatus> Successors(JobStatus from) => Table[from];

    private static Row From(JobStatus from) => new(from);

    private static FrozenDictionary<JobStatus, FrozenSet<JobStatus>> Build(params Row[] rows)
    {
        var table = rows.ToFrozenDictionary(row => row.From, row => row.Targets);
        var missing = Enum.GetValues<JobStatus>().Where(status => !table.ContainsKey(status)).ToList();
        return missing.Count == 0
            ? table
            : throw new InvalidOperationException($"Transition table has no row for {string.Join(", ", missing)}.");
    }

    private sealed record Row(JobStatus From)
    {
        public FrozenSet<JobStatus> Targets { get; private init; } = FrozenSet<JobStatus>.Empty;

        public Row To(params JobStatus[] targets) => this with { Targets = targets.ToFrozenSet() };
    }
}
