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
    /// The tenant's systems whose storage is SFTP on <paramref name="host"/>:<paramref name="port"/>, for
    /// <c>sftp://</c> inputs: only a registered system supplies the credential and the host key to check.
    /// </summary>
    ValueTask<IReadOnlyList<SystemDefinition>> FindSftpSystemsAsync(string tenantId, string host, int port, CancellationToken cancellationToken = default);
}
