using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Tests.Units;

/// <summary>A catalog of fixed systems for staging tests that need no database; the default storage is the one marked so.</summary>
public sealed class FixedCatalog(params SystemDefinition[] systems) : ICatalog
{
    public ValueTask<AppDefinition?> FindAppAsync(string tenantId, string appId, CancellationToken cancellationToken = default) =>
        new((AppDefinition?)null);

    public ValueTask<SystemDefinition?> FindSystemAsync(string tenantId, string systemId, CancellationToken cancellationToken = default) =>
        new(systems.FirstOrDefault(system => system.Id == systemId));

    public ValueTask<SystemDefinition?> FindDefaultStorageAsync(string tenantId, CancellationToken cancellationToken = default) =>
        new(systems.FirstOrDefault(system => system.Default));

    public ValueTask<IReadOnlyList<SystemDefinition>> FindSftpSystemsAsync(string tenantId, string host, int port,
        CancellationToken cancellationToken = default) =>
        new((IReadOnlyList<SystemDefinition>)systems.Where(system => system.Storage.Protocol == "SFTP" && system.Storage.Host == host).ToList());
}
