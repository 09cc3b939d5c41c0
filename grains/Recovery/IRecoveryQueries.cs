namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// Read side of the recovery groups for the admin API (docs/api.md): from the database, one tenant at a time. A group of
/// another tenant is not found, whatever its key.
/// </summary>
public interface IRecoveryQueries
{
    /// <summary>The tenant's groups, the oldest first block first, <paramref name="limit"/> from <paramref name="offset"/>.</summary>
    Task<IReadOnlyList<RecoveryGroupView>> ListAsync(string tenantId, int limit, int offset, CancellationToken cancellationToken);

    /// <summary>
    /// The tenant's group <paramref name="groupKey"/> with <paramref name="jobLimit"/> of its jobs from
    /// <paramref name="jobOffset"/>, in the order they blocked; null when the tenant has no such group.
    /// </summary>
    Task<RecoveryGroupView?> FindAsync(string tenantId, string groupKey, int jobLimit, int jobOffset, CancellationToken cancellationToken);
}
