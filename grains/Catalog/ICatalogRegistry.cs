namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// Registration of a tenant's apps and systems (the <c>/systems/v2</c> and <c>/apps/v2</c> writes). Every write
/// invalidates the tenant's cached snapshot in this process; other processes see it after
/// <c>Aloe:Persistence:CatalogCacheDuration</c>.
/// </summary>
public interface ICatalogRegistry
{
    /// <summary>The tenant's apps and systems as stored now (not from the cache), credentials included.</summary>
    Task<TenantCatalog> ReadAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Creates or replaces a system for a tenant admin, its credentials encrypted; true when it was created. The
    /// definition must already be valid for <see cref="SystemAuthor.TenantAdmin"/>.
    /// </summary>
    /// <exception cref="CatalogConflictException">It would turn a system apps run on into a STORAGE system.</exception>
    /// <exception cref="OperatorSystemException">
    /// The operator defined the system with this id, or the operator's system is the tenant's default storage and this
    /// one asks to be the default.
    /// </exception>
    Task<bool> UpsertSystemAsync(string tenantId, SystemDefinition system, CancellationToken cancellationToken);

    /// <summary>Creates or replaces an app; its uuid is assigned on first registration and kept on updates.</summary>
    /// <exception cref="CatalogConflictException">Its systems were deleted or changed meanwhile.</exception>
    Task<AppRegistration> UpsertAppAsync(string tenantId, AppDefinition app, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a system unless the operator defined it, an app still uses it, or an active job does
    /// (<see cref="JobSystemUse"/>: as execution or archive system, or as the source of inputs not yet staged).
    /// </summary>
    Task<SystemDeletion> DeleteSystemAsync(string tenantId, string systemId, CancellationToken cancellationToken);

    /// <summary>Deletes an app unless an active (not FINISHED, STOPPED or FAILED) job uses it.</summary>
    Task<AppDeletion> DeleteAppAsync(string tenantId, string appId, CancellationToken cancellationToken);
}
