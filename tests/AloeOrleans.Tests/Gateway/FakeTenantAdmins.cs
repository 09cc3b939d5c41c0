using AloeOrleans.Grains.Persistence;

namespace AloeOrleans.Tests.Gateway;

internal sealed class FakeTenantAdmins : ITenantAdmins
{
    public HashSet<(string Tenant, string User)> Admins { get; } = [];

    public ValueTask<bool> IsAdminAsync(string tenantId, string user, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Admins.Contains((tenantId, user)));

    public void Forget(string tenantId)
    {
    }

    public void ForgetAll()
    {
    }
}
