using System.Collections.Concurrent;
using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Tests.Recovery;

/// <summary>A catalog of systems a test changes between recovery tests, as an admin would through /systems/v2.</summary>
public sealed class SettableCatalog : ICatalog
{
    private readonly ConcurrentDictionary<string, SystemDefinition> systems = new(StringComparer.Ordinal);

    public void Set(SystemDefinition system)
    {
        ArgumentNullException.ThrowIfNull(system);
        systems[system.Id] = system;
    }

    public void Remove(string systemId) => systems.TryRemove(systemId, out _);

    public ValueTask<AppDefinition?> FindAppAsync(string tenantId, string appId, CancellationToken cancellationToken = default) =>
        new((AppDefinition?)null);

    public ValueTask<SystemDefinition?> FindSystemAsync(string tenantId, string systemId, CancellationToken cancellationToken = default) =>
        new(systems.GetValueOrDefault(systemId));

    public ValueTask<SystemDefinition?> FindDefaultStorageAsync(string tenantId, CancellationToken cancellationToken = default) =>
        new(systems.Values.FirstOrDefault(system => system.Default));

    public ValueTask<TenantCatalog> SnapshotAsync(string tenantId, CancellationToken cancellationToken = default) =>
        new(new TenantCatalog(DateTimeOffset.UnixEpoch, new Dictionary<string, AppDefinition>(), new Dictionary<string, SystemDefinition>(systems)));
}
