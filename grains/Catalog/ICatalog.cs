namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// Read access to a tenant's apps and systems. Implementations cache: the submit path asks on every request, so
/// no lookup may cost a database round trip once warm.
/// </summary>
public interface ICatalog
{
    ValueTask<AppDefinition?> FindAppAsync(string tenantId, string appId, CancellationToken cancellationToken = default);

    ValueTask<SystemDefinition?> FindSystemAsync(string tenantId, string systemId, CancellationToken cancellationToken = default);

    /// <summary>The tenant's default storage system, the archive target when a job names none.</summary>
    ValueTask<SystemDefinition?> FindDefaultStorageAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tenant's apps and systems: the cached snapshot the other lookups read, for rules that look at every system
    /// (which registered system an input lies on).
    /// </summary>
    ValueTask<TenantCatalog> SnapshotAsync(string tenantId, CancellationToken cancellationToken = default);
}
