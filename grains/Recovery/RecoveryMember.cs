namespace AloeOrleans.Grains.Recovery;

/// <summary>A job in a recovery group; <see cref="ReleasedAt"/> is set once the group told it that its condition cleared.</summary>
public sealed record RecoveryMember(Guid JobUuid, DateTimeOffset BlockedAt, DateTimeOffset? ReleasedAt);
