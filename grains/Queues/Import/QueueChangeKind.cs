namespace AloeOrleans.Grains.Queues.Import;

/// <summary>What an import does to one queue.</summary>
public enum QueueChangeKind
{
    Created,
    Updated,
    Unchanged,
    Removed,
}
