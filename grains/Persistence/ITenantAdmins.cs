namespace AloeOrleans.Grains.Persistence;

/// <summary>Tenant administrators listed in <c>aloe_tenant_admins</c> (the other way to be admin is a token role). Cached.</summary>
public interface ITenantAdmins
{
    ValueTask<bool> IsAdminAsync(string tenantId, string user, CancellationToken cancellationToken);

    /// <summary>Drops the tenant's cached list (it changed): the next check reads it again.</summary>
    void Forget(string tenantId);

    /// <summary>Drops every cached list (changes may have been missed).</summary>
    void ForgetAll();
}
