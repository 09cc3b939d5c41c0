using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;
using Microsoft.AspNetCore.Http;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>The tenant-admin routes' first step: the caller when a tenant admin, else 401 (no caller) or 403 naming what only admins see.</summary>
internal static class TenantAdminGate
{
    public static async Task<(Caller? Admin, EnvelopeResult? Refusal)> CheckAsync(HttpContext context, JobAccess access, string what)
    {
        if (await access.CallerAsync(context) is not { } caller)
        {
            return (null, EnvelopeResult.Error(StatusCodes.Status401Unauthorized, TokenFailureMessages.Missing));
        }

        return caller.IsTenantAdmin
            ? (caller, null)
            : (null, EnvelopeResult.Error(StatusCodes.Status403Forbidden,
                $"Only administrators of tenant {caller.TenantId} may see its {what}; {caller.User} is not one."));
    }
}
