namespace AloeOrleans.Grains.Security;

/// <summary>
/// Who asks for a path: the user name (their home is <c>&lt;user&gt;/</c> under a system's root) and whether they
/// administer the tenant (by the admin role or a row in <c>aloe_tenant_admins</c>).
/// </summary>
public sealed record PathAccessor(string User, bool IsTenantAdmin);
