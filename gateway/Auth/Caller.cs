namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// The authenticated user of a request, taken from a verified JWT. <see cref="IsTenantAdmin"/> is true when the token
/// carries the configured admin role or the user is listed in <c>aloe_tenant_admins</c> for <see cref="TenantId"/>.
/// </summary>
public sealed record Caller(string TenantId, string User, IReadOnlyList<string> Roles, bool IsTenantAdmin);
