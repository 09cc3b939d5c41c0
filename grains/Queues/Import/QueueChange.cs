using AloeOrleans.GrainInterfaces.Queues;

namespace AloeOrleans.Grains.Queues.Import;

/// <summary>
/// One queue of an import's plan: the definition it will have (for a removal, the one it had), the stored one before,
/// the file it came from, and for a removal the queue its <see cref="Unfinished"/> jobs move to.
/// </summary>
public sealed record QueueChange(QueueChangeKind Kind, QueueDefinition Queue, QueueDefinition? Previous, string? File, string? DrainTo = null, int Unfinished = 0);
