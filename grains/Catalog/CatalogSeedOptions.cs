namespace AloeOrleans.Grains.Catalog;

/// <summary>Definitions loaded at start-up (section <c>Aloe:Catalog</c>).</summary>
public sealed class CatalogSeedOptions
{
    /// <summary>
    /// Seed files, relative to the service's install folder or absolute. Default: the embedded default's
    /// <c>catalog/dev.json</c> (local systems and the sample app wc-1.0 in tenant dev). Empty in production.
    /// </summary>
    public List<string> SeedFiles { get; set; } = ["catalog/dev.json"];
}
