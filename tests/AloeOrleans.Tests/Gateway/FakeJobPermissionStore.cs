using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Sharing;

namespace AloeOrleans.Tests.Gateway;

/// <summary>In-memory grants with the real store's answers; the history lines it would write are kept in <see cref="Events"/>.</summary>
internal sealed class FakeJobPermissionStore : IJobPermissionStore
{
    private readonly Lock gate = new();

    public List<JobGrant> Grants { get; } = [];

    public List<(Guid JobUuid, JobEventWrite Event)> Events { get; } = [];

    /// <summary>Jobs the writes accept (the real store reads them from aloe_jobs); any job when empty.</summary>
    public HashSet<(Guid JobUuid, string TenantId)> Jobs { get; } = [];

    public void Grant(Guid jobUuid, string tenantId, string username, JobPermission permission)
    {
        lock (gate)
        {
            Grants.RemoveAll(grant => grant.JobUuid == jobUuid && grant.Username == username);
            Grants.Add(new JobGrant(jobUuid, tenantId, username, permission, "test", DateTimeOffset.UtcNow));
        }
    }

    public Task<JobGrant?> FindAsync(Guid jobUuid, string tenantId, string username, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(Grants.FirstOrDefault(grant => grant.JobUuid == jobUuid && grant.TenantId == tenantId && grant.Username == username));
        }
    }

    public Task<IReadOnlyList<JobGrant>> ListAsync(Guid jobUuid, string tenantId, int limit, int offset, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<JobGrant> page = Grants
                .Where(grant => grant.JobUuid == jobUuid && grant.TenantId == tenantId)
                .OrderBy(grant => grant.Username, StringComparer.Ordinal)
                .Skip(offset)
                .Take(limit)
                .ToList();
            return Task.FromResult(page);
        }
    }

    public Task<PermissionChange> GrantAsync(
        Guid jobUuid, string tenantId, string username, JobPermission permission, string grantedBy, JobEventWrite historyEvent,
        CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!JobExists(jobUuid, tenantId))
            {
                return Task.FromResult(PermissionChange.JobMissing);
            }

            var existing = Grants.FirstOrDefault(grant => grant.JobUuid == jobUuid && grant.Username == username);
            if (existing?.Permission == permission)
            {
                return Task.FromResult(PermissionChange.Unchanged);
            }

            Grants.Remove(existing!);
            Grants.Add(new JobGrant(jobUuid, tenantId, username, permission, grantedBy, DateTimeOffset.UtcNow));
            Events.Add((jobUuid, historyEvent));
            return Task.FromResult(PermissionChange.Changed);
        }
    }

    public Task<PermissionChange> RevokeAsync(Guid jobUuid, string tenantId, string username, JobEventWrite historyEvent, CancellationToken cancellationToken) =>
        Task.FromResult(Remove(jobUuid, tenantId, historyEvent, grant => grant.Username == username));

    public Task<PermissionChange> RevokeAllAsync(Guid jobUuid, string tenantId, JobEventWrite historyEvent, CancellationToken cancellationToken) =>
        Task.FromResult(Remove(jobUuid, tenantId, historyEvent, _ => true));

    private PermissionChange Remove(Guid jobUuid, string tenantId, JobEventWrite historyEvent, Func<JobGrant, bool> which)
    {
        lock (gate)
        {
            if (!JobExists(jobUuid, tenantId))
            {
                return PermissionChange.JobMissing;
            }

            var removed = Grants.RemoveAll(grant => grant.JobUuid == jobUuid && grant.TenantId == tenantId && which(grant));
            if (removed == 0)
            {
                return PermissionChange.Unchanged;
            }

            Events.Add((jobUuid, historyEvent));
            return PermissionChange.Changed;
        }
    }

    private bool JobExists(Guid jobUuid, string tenantId) => Jobs.Count == 0 || Jobs.Contains((jobUuid, tenantId));
}
