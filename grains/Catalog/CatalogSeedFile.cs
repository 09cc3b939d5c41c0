namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// A file of definitions loaded at start-up (the embedded default's systems and sample app). <see cref="AssetsFolder"/>
/// is copied into each app's deployment path on its deployment system, relative to the seed file's folder.
/// </summary>
public sealed record CatalogSeedFile
{
    public required string TenantId { get; init; }
    public IReadOnlyList<SystemDefinition> Systems { get; init; } = [];
    public IReadOnlyList<CatalogSeedApp> Apps { get; init; } = [];
}
