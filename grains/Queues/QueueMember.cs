namespace AloeOrleans.Grains.Queues;

/// <summary>A job of a queue as the database sees it: its uuid and its owner (whose share of the workers it counts against).</summary>
public sealed record QueueMember(Guid Uuid, string Owner);
