namespace AloeOrleans.Grains.Queues;

/// <summary>A queue's jobs as the database sees them: waiting (ACCEPTED/PENDING, oldest first) and in active processing.</summary>
public sealed record QueueMembers(IReadOnlyList<Guid> Waiting, IReadOnlyList<Guid> Active, IReadOnlySet<Guid> Pending);
