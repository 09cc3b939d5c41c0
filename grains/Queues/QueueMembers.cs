namespace AloeOrleans.Grains.Queues;

/// <summary>
/// A queue's jobs as the database sees them, with their owners: waiting (ACCEPTED/PENDING, oldest first) and in active
/// processing; <see cref="Pending"/> names the waiting ones that are PENDING.
/// </summary>
public sealed record QueueMembers(IReadOnlyList<QueueMember> Waiting, IReadOnlyList<QueueMember> Active, IReadOnlySet<Guid> Pending);
