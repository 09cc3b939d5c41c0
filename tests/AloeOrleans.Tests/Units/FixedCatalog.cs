using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Tests.Units;

/// <summary>A catalog of fixed systems for staging tests that need no database; the default storage is the one marked so.</summary>
public sealed class FixedCatalog(params SystemDefinition[] systems) : ICatalog
{
    private readonly TenantCatalog snapshot = new(
        DateTimeOffset.UnixEpoch, new Dictionary<string, AppDefinition>(), systems.ToDictionary(system => system.Id, StringComparer.Ordinal));

    public ValueTask<AppDefinition?> FindAppAsync(string tenantId, string appId, CancellationToken cancellationToken = default) =>
        new((AppDefinition?)null);

    public ValueTask<SystemDefinition?> FindSystemAsync(string tenantId, string systemId, CancellationToken cancellationToken = default) =>
        new(snapshot.Systems.GetValueOrDefault(systemId));

    public ValueTask<SystemDefinition?> FindDefaultStorageAsync(string tenantId, CancellationToken cancellationToken = default) =>
        new(snapshot.DefaultStorage);

    public ValueTask<TenantCatalog> SnapshotAsync(string tenantId, CancellationToken cancellationToken = default) => new(snapshot);
}
