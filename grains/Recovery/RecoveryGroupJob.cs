namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// A job in a recovery group as the admin API shows it: the status it was blocked in (<see cref="BlockedIn"/>), when, and
/// since when it is on its way back (<see cref="ReleasedAt"/>, null while it waits).
/// </summary>
public sealed record RecoveryGroupJob(Guid JobUuid, string BlockedIn, DateTimeOffset BlockedAt, DateTimeOffset? ReleasedAt);
