namespace AloeOrleans.Grains.Catalog;

/// <summary>An app of a seed file and the folder (relative to the seed file) holding its assets.</summary>
public sealed record CatalogSeedApp
{
    public required AppDefinition App { get; init; }
    public string? AssetsFolder { get; init; }
}
