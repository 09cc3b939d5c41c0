using AloeOrleans.Gateway.Auth;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// Who is calling and which job they may see: the one place the visibility rule of the API is applied. A job of
/// another tenant, not yet visible (ACCEPTED), hidden, or owned by someone else (for a non-admin) is "not found".
/// </summary>
internal sealed class JobAccess(CallerResolver callers, IJobQueries queries, IOptionsMonitor<GatewayOptions> options)
{
    public IJobQueries Queries => queries;

    public ValueTask<Caller?> CallerAsync(HttpContext context) =>
        callers.ResolveAsync(context.User, context.RequestAborted);

    /// <summary>The job when <paramref name="id"/> is a UUID of a job the caller may see; otherwise null.</summary>
    public async Task<JobRecord?> FindAsync(string id, Caller caller, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var uuid))
        {
            return null;
        }

        var job = await queries.FindVisibleAsync(caller.TenantId, uuid, cancellationToken);
        return job is not null
            && job.TenantId == caller.TenantId
            && job.Status != JobStatus.ACCEPTED
            && job.Visible
            && (caller.IsTenantAdmin || job.Owner == caller.User)
                ? job
                : null;
    }

    public JobLinks Links(HttpRequest request) => JobLinks.For(request, options.CurrentValue.BaseUrl);

    public static string NotFoundMessage(string id) =>
        $"No job with id '{id}' is visible to you (ids are UUIDs; a job becomes visible within moments of submission).";
}
