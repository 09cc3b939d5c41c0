using System.Collections.Frozen;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;
using AloeOrleans.Grains.Recovery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The recovery groups of the caller's tenant, for its admins (docs/api.md, "Recovery groups"):
/// <c>GET /jobs/v2/recovery</c> lists them (paged like every list, <c>limit</c> and <c>offset</c>) and
/// <c>GET /jobs/v2/recovery/{groupId}</c> shows one with its jobs. A literal segment, so it never meets a job's UUID in
/// <c>/jobs/v2/{id}</c>. Ordinary users get 403 (as for the catalog's admin routes); a group of another tenant is 404,
/// whether it exists or not: the tenant is always the caller's, never read from the id.
/// </summary>
public static class RecoveryApi
{
    /// <summary>Longest part of a refused value quoted back in a message.</summary>
    private const int QuotedLength = 80;

    /// <summary>Parameters the recovery routes read; anything else is refused rather than ignored.</summary>
    private static readonly FrozenSet<string> Known =
        new[] { "pretty", "naked", "filter", "limit", "offset" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static RouteGroupBuilder MapRecoveryApi(this RouteGroupBuilder jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        jobs.MapGet("recovery", ListAsync);
        jobs.MapGet("recovery/{groupId}", GetAsync);
        return jobs;
    }

    private static async Task<EnvelopeResult> ListAsync(HttpContext context, [FromServices] JobAccess access, [FromServices] IRecoveryQueries queries)
    {
        var (caller, refusal) = await AdminAsync(context, access);
        if (caller is null)
        {
            return refusal!;
        }

        if (PageOf(context.Request.Query, out var page) is { } invalid)
        {
            return invalid;
        }

        var groups = await queries.ListAsync(caller.TenantId, page.Limit, page.Offset, context.RequestAborted);
        var links = access.Links(context.Request);
        return EnvelopeResult.Ok(new JsonArray(groups.Select(group => (JsonNode)RecoveryJson.ToJson(group, links, withJobs: false)).ToArray()));
    }

    private static async Task<EnvelopeResult> GetAsync(string groupId, HttpContext context, [FromServices] JobAccess access,
        [FromServices] IRecoveryQueries queries)
    {
        var (caller, refusal) = await AdminAsync(context, access);
        if (caller is null)
        {
            return refusal!;
        }

        if (!RecoveryGroupIds.TryKeyOf(caller.TenantId, groupId, out var key))
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest,
                $"groupId: a recovery group id is {RecoveryGroupIds.Shape} (GET /jobs/v2/recovery lists them), not '{Quote(groupId)}'.");
        }

        if (PageOf(context.Request.Query, out var page) is { } invalid)
        {
            return invalid;
        }

        var group = await queries.FindAsync(caller.TenantId, key, page.Limit, page.Offset, context.RequestAborted);
        return group is null
            ? EnvelopeResult.Error(StatusCodes.Status404NotFound,
                $"No recovery group with id '{groupId}' exists in your tenant: its jobs may have resumed (GET /jobs/v2/recovery lists the groups).")
            : EnvelopeResult.Ok(RecoveryJson.ToJson(group, access.Links(context.Request), withJobs: true));
    }

    /// <summary>The caller when a tenant admin; otherwise the 401 or 403 answer.</summary>
    private static Task<(Caller? Admin, EnvelopeResult? Refusal)> AdminAsync(HttpContext context, JobAccess access) =>
        TenantAdminGate.CheckAsync(context, access, "recovery groups");

    /// <summary><c>limit</c> and <c>offset</c> (<see cref="PageParameters"/>), or the 400 naming the parameter at fault.</summary>
    private static EnvelopeResult? PageOf(IQueryCollection query, out PageParameters page)
    {
        page = new PageParameters(PageParameters.MaxLimit, 0);
        if (query.Keys.FirstOrDefault(key => !Known.Contains(key)) is { } unknown)
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest,
                $"Parameter '{Quote(unknown)}' is not supported here: the recovery routes accept limit, offset, filter, pretty and naked.");
        }

        return PageParameters.TryParse(query, out page, out var error) ? null : EnvelopeResult.Error(StatusCodes.Status400BadRequest, error);
    }

    private static string Quote(string value) => value.Length > QuotedLength ? value[..QuotedLength] + "…" : value;
}
