using AloeOrleans.Grains.Recovery;

namespace AloeOrleans.Tests.Gateway;

/// <summary>In-memory recovery groups, kept by tenant as the real read side keeps them; records what it was asked.</summary>
internal sealed class FakeRecoveryQueries : IRecoveryQueries
{
    public List<(string TenantId, RecoveryGroupView Group)> Groups { get; } = [];

    public List<string> Asked { get; } = [];

    public Task<IReadOnlyList<RecoveryGroupView>> ListAsync(string tenantId, int limit, int offset, CancellationToken cancellationToken)
    {
        Asked.Add($"list {tenantId} {limit} {offset}");
        IReadOnlyList<RecoveryGroupView> page = Groups.Where(entry => entry.TenantId == tenantId).Select(entry => entry.Group)
            .Skip(offset).Take(limit).ToList();
        return Task.FromResult(page);
    }

    public Task<RecoveryGroupView?> FindAsync(string tenantId, string groupKey, int jobLimit, int jobOffset, CancellationToken cancellationToken)
    {
        Asked.Add($"find {tenantId} {groupKey} {jobLimit} {jobOffset}");
        var group = Groups.Where(entry => entry.TenantId == tenantId && entry.Group.Key == groupKey).Select(entry => entry.Group).FirstOrDefault();
        return Task.FromResult(group is null ? null : group with { Jobs = group.Jobs.Skip(jobOffset).Take(jobLimit).ToList() });
    }
}
