namespace AloeOrleans.Grains.Catalog;

/// <summary>The outcome of deleting a system: not found, refused because apps use it (<see cref="UsedBy"/>), or deleted.</summary>
public sealed record SystemDeletion(bool Found, IReadOnlyList<string> UsedBy)
{
    public bool Deleted => Found && UsedBy.Count == 0;

    public static SystemDeletion NotFound { get; } = new(false, []);

    public static SystemDeletion Done { get; } = new(true, []);

    public static SystemDeletion InUse(IReadOnlyList<string> apps) => new(true, apps);
}
