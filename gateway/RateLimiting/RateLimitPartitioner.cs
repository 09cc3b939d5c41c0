using System.Net;
using System.Security.Claims;
using AloeOrleans.Gateway.Auth;
using Microsoft.AspNetCore.Http;

namespace AloeOrleans.Gateway.RateLimiting;

/// <summary>
/// Decides which bucket a request is counted in: the (tenant, user) of its verified token, else its client address;
/// none for the health endpoints, which load balancers and probes call freely. Pure.
/// </summary>
internal static class RateLimitPartitioner
{
    private static readonly PathString Health = new("/health");

    /// <summary>The request's bucket, or null when it is exempt.</summary>
    public static RateLimitKey? KeyOf(PathString path, ClaimsPrincipal user, IPAddress? remoteAddress, JwtOptions jwt)
    {
        if (path.StartsWithSegments(Health, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // Only a verified token makes an authenticated identity; a bad or missing token counts against the address.
        if (user.Identity?.IsAuthenticated == true
            && CallerResolver.TenantOf(user, jwt) is { } tenant
            && CallerResolver.UserOf(user, jwt) is { } name)
        {
            return new RateLimitKey(tenant, name);
        }

        var address = remoteAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : remoteAddress;
        return new RateLimitKey(null, address?.ToString() ?? "unknown");
    }
}
