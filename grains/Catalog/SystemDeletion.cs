namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// The outcome of deleting a system: not found, refused because the operator defined it (<see cref="OperatorDefined"/>),
/// because apps use it (<see cref="UsedBy"/>) or because active jobs do (<see cref="UsedByJobs"/>), or deleted.
/// </summary>
public sealed record SystemDeletion(bool Found, IReadOnlyList<string> UsedBy, bool OperatorDefined = false, ActiveJobUse? UsedByJobs = null)
{
    public bool Deleted => Found && !OperatorDefined && UsedBy.Count == 0 && UsedByJobs is not { Any: true };

    public static SystemDeletion NotFound { get; } = new(false, []);

    public static SystemDeletion Done { get; } = new(true, []);

    /// <summary>A system of the operator's seed catalog: only the operator removes it.</summary>
    public static SystemDeletion DefinedByOperator { get; } = new(true, [], OperatorDefined: true);

    public static SystemDeletion InUse(IReadOnlyList<string> apps) => new(true, apps);

    public static SystemDeletion InUseByJobs(ActiveJobUse jobs) => new(true, [], UsedByJobs: jobs);
}
