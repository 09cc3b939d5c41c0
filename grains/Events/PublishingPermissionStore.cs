using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Sharing;

namespace AloeOrleans.Grains.Events;

/// <summary>The permission store that signals the job's event streams after a change wrote its history line.</summary>
public sealed class PublishingPermissionStore(PostgresJobPermissionStore inner, JobEventPublisher publisher) : IJobPermissionStore
{
    public Task<JobGrant?> FindAsync(Guid jobUuid, string tenantId, string username, CancellationToken cancellationToken) =>
        inner.FindAsync(jobUuid, tenantId, username, cancellationToken);

    public Task<IReadOnlyList<JobGrant>> ListAsync(Guid jobUuid, string tenantId, int limit, int offset, CancellationToken cancellationToken) =>
        inner.ListAsync(jobUuid, tenantId, limit, offset, cancellationToken);

    public async Task<PermissionChange> GrantAsync(
        Guid jobUuid, string tenantId, string username, JobPermission permission, string grantedBy, JobEventWrite historyEvent,
        CancellationToken cancellationToken)
    {
        var change = await inner.GrantAsync(jobUuid, tenantId, username, permission, grantedBy, historyEvent, cancellationToken);
        await publisher.PublishAsync(jobUuid, tenantId);
        return change;
    }

    public async Task<PermissionChange> RevokeAsync(Guid jobUuid, string tenantId, string username, JobEventWrite historyEvent, CancellationToken cancellationToken)
    {
        var change = await inner.RevokeAsync(jobUuid, tenantId, username, historyEvent, cancellationToken);
        await publisher.PublishAsync(jobUuid, tenantId);
        return change;
    }

    public async Task<PermissionChange> RevokeAllAsync(Guid jobUuid, string tenantId, JobEventWrite historyEvent, CancellationToken cancellationToken)
    {
        var change = await inner.RevokeAllAsync(jobUuid, tenantId, historyEvent, cancellationToken);
        await publisher.PublishAsync(jobUuid, tenantId);
        return change;
    }
}
