using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Sharing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// Sharing a job (docs/api.md, "Sharing a job"): <c>GET|POST|DELETE /jobs/v2/{id}/pems</c> and
/// <c>GET|POST|DELETE /jobs/v2/{id}/pems/{user}</c>. Whoever may see the job may read its permissions; only its owner and
/// the tenant's admins may change them (<see cref="JobRight.Manage"/>). The owner always has ALL, is listed first and
/// cannot lose it. A grant lives in the job's tenant: a user of another tenant with the same name is another user and
/// sees nothing.
/// </summary>
public static class PermissionsApi
{
    public static RouteGroupBuilder MapPermissionsApi(this RouteGroupBuilder jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        jobs.MapGet("{id}/pems", ListAsync);
        jobs.MapPost("{id}/pems", PostCollectionAsync);
        jobs.MapDelete("{id}/pems", RevokeAllAsync);
        jobs.MapGet("{id}/pems/{user}", GetAsync);
        jobs.MapPost("{id}/pems/{user}", PostUserAsync);
        jobs.MapDelete("{id}/pems/{user}", RevokeAsync);
        return jobs;
    }

    /// <summary>The owner (ALL) first, then the grants by username; <c>limit</c> and <c>offset</c> page the whole list.</summary>
    private static Task<EnvelopeResult> ListAsync(string id, HttpContext context, [FromServices] JobAccess access) =>
        WithJobAsync(id, context, access, JobRight.Read, async (job, _) =>
        {
            if (!PageParameters.TryParse(context.Request.Query, out var page, out var error))
            {
                return EnvelopeResult.Error(StatusCodes.Status400BadRequest, error);
            }

            var links = access.Links(context.Request);
            var items = new List<JsonNode>();
            if (page.Offset == 0)
            {
                items.Add(PermissionJson.ToJson(job.Uuid, job.Owner, JobPermission.ReadWrite, links));
            }

            var grantLimit = page.Offset == 0 ? page.Limit - 1 : page.Limit;
            if (grantLimit > 0)
            {
                var grants = await access.Permissions.ListAsync(
                    job.Uuid, job.TenantId, grantLimit, Math.Max(page.Offset - 1, 0), context.RequestAborted);
                items.AddRange(grants.Select(grant => (JsonNode)PermissionJson.ToJson(job.Uuid, grant.Username, grant.Permission, links)));
            }

            return EnvelopeResult.Ok(new JsonArray(items.ToArray()));
        });

    /// <summary>One user's permission: the owner's ALL, a grant, or 404 when the user has none (as Agave answered).</summary>
    private static Task<EnvelopeResult> GetAsync(string id, string user, HttpContext context, [FromServices] JobAccess access) =>
        WithJobAsync(id, context, access, JobRight.Read, async (job, _) =>
        {
            if (!GranteeName.TryValidate(user, "user", out var error))
            {
                return EnvelopeResult.Error(StatusCodes.Status400BadRequest, error);
            }

            var links = access.Links(context.Request);
            if (user == job.Owner)
            {
                return EnvelopeResult.Ok(PermissionJson.ToJson(job.Uuid, user, JobPermission.ReadWrite, links));
            }

            var grant = await access.Permissions.FindAsync(job.Uuid, job.TenantId, user, context.RequestAborted);
            return grant is null
                ? EnvelopeResult.Error(StatusCodes.Status404NotFound, $"User '{user}' has no permission on job {job.Uuid}: it is not shared with them.")
                : EnvelopeResult.Ok(PermissionJson.ToJson(job.Uuid, grant.Username, grant.Permission, links));
        });

    private static Task<EnvelopeResult> PostCollectionAsync(
        string id, HttpContext context, [FromServices] JobAccess access, [FromServices] IOptionsMonitor<GatewayOptions> options) =>
        SetFromBodyAsync(id, pathUser: null, context, access, options);

    private static Task<EnvelopeResult> PostUserAsync(
        string id, string user, HttpContext context, [FromServices] JobAccess access, [FromServices] IOptionsMonitor<GatewayOptions> options) =>
        SetFromBodyAsync(id, user, context, access, options);

    /// <summary>
    /// Grant (201 with the permission, as Agave) or, for NONE or an empty permission, revoke (200 with read and write false).
    /// The user comes from the path or, on the collection, from the body's <c>username</c>.
    /// </summary>
    private static Task<EnvelopeResult> SetFromBodyAsync(
        string id, string? pathUser, HttpContext context, JobAccess access, IOptionsMonitor<GatewayOptions> options) =>
        WithJobAsync(id, context, access, JobRight.Manage, async (job, caller) =>
        {
            var (request, bodyError) = await PermissionRequestBody.ReadAsync(context, options.CurrentValue.MaxRequestBodyBytes);
            if (bodyError is not null)
            {
                return bodyError;
            }

            var user = pathUser ?? request!.Username;
            var field = pathUser is null ? "username" : "user";
            if (!GranteeName.TryValidate(user, field, out var error))
            {
                return EnvelopeResult.Error(StatusCodes.Status400BadRequest, error);
            }

            if (pathUser is not null && request!.Username is { } bodyUser && bodyUser != pathUser)
            {
                return EnvelopeResult.Error(StatusCodes.Status400BadRequest,
                    $"username in the body ('{JobPermissionParser.Shorten(bodyUser)}') differs from the user in the path ('{pathUser}'); leave it out or make them equal.");
            }

            if (!JobPermissionParser.TryParse(request!.Permission, out var permission, out error))
            {
                return EnvelopeResult.Error(StatusCodes.Status400BadRequest, error);
            }

            var links = access.Links(context.Request);
            if (user == job.Owner)
            {
                // Asking the owner's ALL again changes nothing; anything less is refused (the owner cannot lose ALL).
                return permission.Write
                    ? EnvelopeResult.Ok(PermissionJson.ToJson(job.Uuid, user!, JobPermission.ReadWrite, links))
                    : OwnerKeepsAll(user!);
            }

            if (!permission.Read)
            {
                return await RevokeVisibleAsync(job, user!, caller, access, links, context.RequestAborted);
            }

            var change = await access.Permissions.GrantAsync(
                job.Uuid, job.TenantId, user!, permission, caller.User, PermissionHistory.Granted(user!, permission, caller.User),
                context.RequestAborted);
            return change == PermissionChange.JobMissing
                ? EnvelopeResult.Error(StatusCodes.Status404NotFound, JobAccess.NotFoundMessage(id))
                : EnvelopeResult.Created(PermissionJson.ToJson(job.Uuid, user!, permission, links), PermissionJson.Self(job.Uuid, user!, links));
        });

    private static Task<EnvelopeResult> RevokeAsync(string id, string user, HttpContext context, [FromServices] JobAccess access) =>
        WithJobAsync(id, context, access, JobRight.Manage, async (job, caller) =>
        {
            if (!GranteeName.TryValidate(user, "user", out var error))
            {
                return EnvelopeResult.Error(StatusCodes.Status400BadRequest, error);
            }

            return user == job.Owner
                ? OwnerKeepsAll(user)
                : await RevokeVisibleAsync(job, user, caller, access, access.Links(context.Request), context.RequestAborted);
        });

    /// <summary>Revokes every grant of the job (Agave's DELETE on the collection); answers the list that remains: the owner.</summary>
    private static Task<EnvelopeResult> RevokeAllAsync(string id, HttpContext context, [FromServices] JobAccess access) =>
        WithJobAsync(id, context, access, JobRight.Manage, async (job, caller) =>
        {
            var change = await access.Permissions.RevokeAllAsync(
                job.Uuid, job.TenantId, PermissionHistory.RevokedAll(caller.User), context.RequestAborted);
            return change == PermissionChange.JobMissing
                ? EnvelopeResult.Error(StatusCodes.Status404NotFound, JobAccess.NotFoundMessage(id))
                : EnvelopeResult.Ok(new JsonArray(PermissionJson.ToJson(job.Uuid, job.Owner, JobPermission.ReadWrite, access.Links(context.Request))));
        });

    /// <summary>Revoking a permission nobody holds changes nothing and answers the same 200, so a retried revoke is harmless.</summary>
    private static async Task<EnvelopeResult> RevokeVisibleAsync(
        JobRecord job, string user, Caller caller, JobAccess access, JobLinks links, CancellationToken cancellationToken)
    {
        var change = await access.Permissions.RevokeAsync(
            job.Uuid, job.TenantId, user, PermissionHistory.Revoked(user, caller.User), cancellationToken);
        return change == PermissionChange.JobMissing
            ? EnvelopeResult.Error(StatusCodes.Status404NotFound, JobAccess.NotFoundMessage(job.Uuid.ToString()))
            : EnvelopeResult.Ok(PermissionJson.ToJson(job.Uuid, user, JobPermission.None, links));
    }

    private static EnvelopeResult OwnerKeepsAll(string owner) => EnvelopeResult.Error(
        StatusCodes.Status400BadRequest,
        $"'{owner}' owns the job and always has ALL: the owner's permission cannot be lowered or revoked.");

    private static async Task<EnvelopeResult> WithJobAsync(
        string id, HttpContext context, JobAccess access, JobRight required, Func<JobRecord, Caller, Task<EnvelopeResult>> onAllowed)
    {
        if (await access.CallerAsync(context) is not { } caller)
        {
            return EnvelopeResult.Error(StatusCodes.Status401Unauthorized, TokenFailureMessages.Missing);
        }

        var lookup = await access.LookupAsync(id, caller, required, context.RequestAborted);
        return lookup.Job is { } job ? await onAllowed(job, caller) : JobAccess.Refusal(lookup, id, required);
    }
}
