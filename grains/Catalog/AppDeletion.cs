namespace AloeOrleans.Grains.Catalog;

/// <summary>The outcome of deleting an app: not found, refused because active jobs use it (<see cref="UsedBy"/>), or deleted.</summary>
public sealed record AppDeletion(bool Found, ActiveJobUse UsedBy)
{
    public bool Deleted => Found && !UsedBy.Any;

    public static AppDeletion NotFound { get; } = new(false, ActiveJobUse.None);

    public static AppDeletion Done { get; } = new(true, ActiveJobUse.None);

    public static AppDeletion InUse(ActiveJobUse jobs) => new(true, jobs);
}
