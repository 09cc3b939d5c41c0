namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// One recovery group (key: <see cref="RecoveryTest.GroupKey"/>): the BLOCKED jobs of a tenant waiting on one condition
/// and test. Tests it on its policy's schedule, driven by a reminder (its state is in the database), and resumes its
/// jobs in batches when the test passes, or fails them when the policy gives up.
/// </summary>
[Alias("aloe.IRecoveryGroupGrain")]
public interface IRecoveryGroupGrain : IGrainWithStringKey
{
    /// <summary>Adds the job (idempotent); returns once the membership is stored and the group's reminder exists.</summary>
    [Alias("Join")]
    Task JoinAsync(RecoveryTicket ticket);

    /// <summary>The job no longer waits here (it resumed or was cancelled).</summary>
    [Alias("Leave")]
    Task LeaveAsync(Guid jobUuid);
}
