namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// The outcome of deleting a system: not found, refused because the operator defined it (<see cref="OperatorDefined"/>)
/// or because apps use it (<see cref="UsedBy"/>), or deleted.
/// </summary>
public sealed record SystemDeletion(bool Found, IReadOnlyList<string> UsedBy, bool OperatorDefined = false)
{
    public bool Deleted => Found && !OperatorDefined && UsedBy.Count == 0;

    public static SystemDeletion NotFound { get; } = new(false, []);

    public static SystemDeletion Done { get; } = new(true, []);

    /// <summary>A system of the operator's seed catalog: only the operator removes it.</summary>
    public static SystemDeletion DefinedByOperator { get; } = new(true, [], OperatorDefined: true);

    public static SystemDeletion InUse(IReadOnlyList<string> apps) => new(true, apps);
}
