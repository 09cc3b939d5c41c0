namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// One recovery group (key: <see cref="RecoveryTest.GroupKey"/>): the BLOCKED jobs of a tenant waiting on one condition
/// and test. Tests it on its policy's schedule, driven by a reminder (its state is in the database), and resumes its
/// jobs in batches when the test passes, or fails them when the policy gives up.
/// <para>
/// Both calls are one-way. The group awaits its jobs (it tells them the condition cleared or the policy gave up) while a
/// job may be calling here from its own turn (a look at a BLOCKED job re-joins; a resume or a cancel leaves), and two
/// non-reentrant grains awaiting each other would each wait for the call timeout. A message that is lost heals by
/// itself: a BLOCKED job joins again at every look (its reminder's included), and a job told about a group it already
/// left leaves again. See docs/lifecycle.md, "BLOCKED and recovery".
/// </para>
/// </summary>
[Alias("aloe.IRecoveryGroupGrain")]
public interface IRecoveryGroupGrain : IGrainWithStringKey
{
    /// <summary>Adds the job (idempotent): stores the membership and makes sure the group's reminder exists.</summary>
    [Alias("Join")]
    [Orleans.Concurrency.OneWay]
    Task JoinAsync(RecoveryTicket ticket);

    /// <summary>The job no longer waits here (it resumed or was cancelled).</summary>
    [Alias("Leave")]
    [Orleans.Concurrency.OneWay]
    Task LeaveAsync(Guid jobUuid);
}
