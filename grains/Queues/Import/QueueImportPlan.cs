namespace AloeOrleans.Grains.Queues.Import;

/// <summary>What an import would change (tenant by tenant, highest priority first), or why it may change nothing.</summary>
public sealed record QueueImportPlan(IReadOnlyList<QueueChange> Changes, IReadOnlyList<QueueImportError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public int Count(QueueChangeKind kind) => Changes.Count(change => change.Kind == kind);
}
