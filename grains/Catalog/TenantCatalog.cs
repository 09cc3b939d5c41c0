namespace AloeOrleans.Grains.Catalog;

/// <summary>One tenant's apps and systems as loaded at one moment; immutable, replaced whole on refresh.</summary>
public sealed record TenantCatalog(
    DateTimeOffset LoadedAt,
    IReadOnlyDictionary<string, AppDefinition> Apps,
    IReadOnlyDictionary<string, SystemDefinition> Systems)
{
    public SystemDefinition? DefaultStorage =>
        Systems.Values.Where(system => system.Type == SystemType.STORAGE).OrderByDescending(system => system.Default)
            .ThenBy(system => system.Id, StringComparer.Ordinal).FirstOrDefault(system => system.Default);
}
