namespace AloeOrleans.Grains.Catalog;

/// <summary>Definitions loaded at start-up (section <c>Aloe:Catalog</c>).</summary>
public sealed class CatalogSeedOptions
{
    /// <summary>
    /// Seed files, relative to the service's install folder or absolute. Default (when not configured): the embedded
    /// default's <c>catalog/dev.json</c> (local systems and the sample app wc-1.0 in tenant dev). Configure an empty
    /// list in production. (Not initialised here: the configuration binder appends to an initialised list.)
    /// </summary>
    public List<string>? SeedFiles { get; set; }

    public IReadOnlyList<string> EffectiveSeedFiles => SeedFiles ?? ["catalog/dev.json"];
}
