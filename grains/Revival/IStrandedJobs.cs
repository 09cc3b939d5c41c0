namespace AloeOrleans.Grains.Revival;

/// <summary>Finds the jobs nothing would revive: the reads of the revival sweep.</summary>
public interface IStrandedJobs
{
    /// <summary>Jobs still ACCEPTED that were last updated before <paramref name="before"/>, by id after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<StrandedJob>> ListAcceptedAsync(DateTimeOffset before, long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Unfinished jobs that are neither ACCEPTED, BLOCKED nor PAUSED and were last updated before <paramref name="before"/>,
    /// by id after <paramref name="afterId"/>: candidates, of which those with a reminder are left alone.
    /// </summary>
    Task<IReadOnlyList<StrandedJob>> ListStaleAsync(DateTimeOffset before, long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Unfinished jobs in a status whose work a crash interrupts (ACCEPTED, PROCESSING_INPUTS, STAGING_INPUTS, STAGED,
    /// STAGING_JOB, SUBMITTING, CLEANING_UP, ARCHIVING), by id after <paramref name="afterId"/>: what a silo start resumes first.
    /// </summary>
    Task<IReadOnlyList<StrandedJob>> ListInterruptedAsync(long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Unfinished jobs that wait for something else (PENDING: a worker slot; QUEUED, RUNNING: the scheduler; BLOCKED: a
    /// recovery group; PAUSED: a user), by id after <paramref name="afterId"/>: resumed at a start too, at a bounded rate.
    /// </summary>
    Task<IReadOnlyList<StrandedJob>> ListWaitingAsync(long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="grainIds"/> (grain ids in their string form) hold a reminder of <paramref name="serviceId"/>.</summary>
    Task<IReadOnlySet<string>> WithRemindersAsync(string serviceId, IReadOnlyList<string> grainIds, CancellationToken cancellationToken);
}
