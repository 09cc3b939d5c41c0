namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// A job in a recovery group; <see cref="ReleasedAt"/> is set once the group told it that its condition cleared.
/// <see cref="Accepted"/> is when the job itself was accepted: its place in the line when a group releases only some of
/// its jobs (a job that blocks again keeps its place, as its acceptance does not change).
/// </summary>
public sealed record RecoveryMember(Guid JobUuid, DateTimeOffset BlockedAt, DateTimeOffset? ReleasedAt, DateTimeOffset? Accepted = null);
