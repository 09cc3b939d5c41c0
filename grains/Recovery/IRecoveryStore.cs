namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// The recovery groups in the database (<c>aloe_recovery_groups</c>, <c>aloe_recovery_jobs</c>): a group's state survives
/// any restart. An outage comes out as <see cref="Persistence.DatabaseUnavailableException"/>.
/// </summary>
public interface IRecoveryStore
{
    /// <summary>
    /// Creates the group when it is new (first test due at <paramref name="firstAttempt"/>) and adds the job to it; a job
    /// already in this group is left as it is. Returns when the group's next test is due.
    /// </summary>
    Task<DateTimeOffset> JoinAsync(string groupKey, RecoveryTicket ticket, string policy, DateTimeOffset firstAttempt, CancellationToken cancellationToken);

    Task<RecoveryGroup?> GetAsync(string groupKey, CancellationToken cancellationToken);

    /// <summary>Records a test: how many so far, when, what it found, when the next one is due; <paramref name="restart"/> starts the policy's clock again.</summary>
    Task RecordAttemptAsync(string groupKey, int attempts, DateTimeOffset at, DateTimeOffset nextAttempt, string result, bool restart,
        CancellationToken cancellationToken);

    Task MarkReleasedAsync(string groupKey, IReadOnlyList<Guid> jobs, DateTimeOffset at, CancellationToken cancellationToken);

    Task RemoveAsync(string groupKey, IReadOnlyList<Guid> jobs, CancellationToken cancellationToken);

    /// <summary>Deletes the group when no job is left in it; true when it was deleted (or was not there).</summary>
    Task<bool> DeleteIfEmptyAsync(string groupKey, CancellationToken cancellationToken);
}
