using System.Security.Claims;
using AloeOrleans.Grains.Persistence;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Auth;

/// <summary>Builds the <see cref="Caller"/> of a request from its validated token and the tenant admin list.</summary>
public sealed class CallerResolver(IOptionsMonitor<JwtOptions> options, ITenantAdmins tenantAdmins)
{
    /// <summary>
    /// The caller, or null when the token lacks the tenant or user claim (the token handler already rejects those;
    /// this keeps endpoints honest if they are ever reached without it).
    /// </summary>
    public async ValueTask<Caller?> ResolveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var jwt = options.CurrentValue;
        var tenant = TenantOf(principal, jwt);
        var user = UserOf(principal, jwt);
        if (tenant is null || user is null)
        {
            return null;
        }

        var roles = RolesOf(principal, jwt);
        var isAdmin = roles.Contains(jwt.AdminRole, StringComparer.Ordinal)
            || await tenantAdmins.IsAdminAsync(tenant, user, cancellationToken);
        return new Caller(tenant, user, roles, isAdmin);
    }

    /// <summary>
    /// A job's owner as a caller, for work done in their name by someone else (a tenant admin resubmitting the job): the
    /// roles recorded with the job (comma-separated), admin when those roles or <c>aloe_tenant_admins</c> say so.
    /// </summary>
    public async ValueTask<Caller> ForJobOwnerAsync(string tenantId, string owner, string roles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var list = roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        var isAdmin = list.Contains(options.CurrentValue.AdminRole, StringComparer.Ordinal)
            || await tenantAdmins.IsAdminAsync(tenantId, owner, cancellationToken);
        return new Caller(tenantId, owner, list, isAdmin);
    }

    internal static string? TenantOf(ClaimsPrincipal principal, JwtOptions jwt) =>
        NonEmpty(principal.FindFirst(jwt.TenantClaim)?.Value);

    internal static string? UserOf(ClaimsPrincipal principal, JwtOptions jwt) =>
        jwt.EffectiveUserClaims.Select(claim => NonEmpty(principal.FindFirst(claim)?.Value)).FirstOrDefault(value => value is not null);

    /// <summary>A JSON array arrives as one claim per element, a comma list as one claim: both are accepted.</summary>
    internal static IReadOnlyList<string> RolesOf(ClaimsPrincipal principal, JwtOptions jwt) =>
        principal.FindAll(jwt.RolesClaim)
            .SelectMany(claim => claim.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
