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
        return job is not null && job.Visible && MaySee(job, caller) ? job : null;
    }

    /// <summary>
    /// <see cref="FindAsync"/> that also finds the caller's hidden jobs: for unhide, the one action a hidden job answers
    /// (docs/api.md, "Hiding and unhiding a job").
    /// </summary>
    public async Task<JobRecord?> FindHiddenOrVisibleAsync(string id, Caller caller, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var uuid))
        {
            return null;
        }

        var job = await queries.FindHiddenOrVisibleAsync(caller.TenantId, uuid, cancellationToken);
        return job is not null && MaySee(job, caller) ? job : null;
    }

    /// <summary>
    /// Whether the caller may change a job it can see (hide, unhide, resubmit): its owner or a tenant admin. The one
    /// place this rule is made; sharing (WRITE grantees) extends it here.
    /// </summary>
    public Task<bool> MayChangeAsync(JobRecord job, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(caller);
        return Task.FromResult(job.TenantId == caller.TenantId && (caller.IsTenantAdmin || job.Owner == caller.User));
    }

    /// <summary>The answer when <see cref="MayChangeAsync"/> says no to a caller who may see the job.</summary>
    public static string MayNotChangeMessage(Guid jobUuid, string action) =>
        $"You may see job {jobUuid} but not {action} it: only its owner, a tenant admin or a user it is shared with for WRITE may.";

    /// <summary>
    /// The job's owner as the caller of a submission made in their name (a resubmission): the caller itself when it is the
    /// owner, else the owner with the roles recorded with the job.
    /// </summary>
    public ValueTask<Caller> OwnerOfAsync(JobRecord job, Caller caller, CancellationToken cancellationToken) =>
        job.Owner == caller.User && job.TenantId == caller.TenantId
            ? ValueTask.FromResult(caller)
            : callers.ForJobOwnerAsync(job.TenantId, job.Owner, job.Roles, cancellationToken);

    /// <summary>The caller may see the job: same tenant, past ACCEPTED, and its owner or a tenant admin.</summary>
    private static bool MaySee(JobRecord job, Caller caller) =>
        job.TenantId == caller.TenantId
        && job.Status != JobStatus.ACCEPTED
        && (caller.IsTenantAdmin || job.Owner == caller.User);

    public JobLinks Links(HttpRequest request) => JobLinks.For(request, options.CurrentValue.BaseUrl);

    public static string NotFoundMessage(string id) =>
        $"No job with id '{id}' is visible to you (ids are UUIDs; a job becomes visible within moments of submission).";
}
