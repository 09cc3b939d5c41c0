using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Sharing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// Who is calling and what they may do with a job: the one place the access rule of the API is applied (docs/security.md,
/// "Shared jobs"). A job of another tenant, not yet visible (ACCEPTED), hidden, or neither owned by nor shared with the
/// caller (for a non-admin) is "not found"; a job the caller may see but not change answers 403 to a change.
/// </summary>
internal sealed class JobAccess(
    CallerResolver callers, IJobQueries queries, IJobPermissionStore permissions, IOptionsMonitor<GatewayOptions> options)
{
    public IJobQueries Queries => queries;

    public IJobPermissionStore Permissions => permissions;

    public ValueTask<Caller?> CallerAsync(HttpContext context) =>
        callers.ResolveAsync(context.User, context.RequestAborted);

    /// <summary>The job when <paramref name="id"/> is a UUID of a job the caller may see (<see cref="JobRight.Read"/>); otherwise null.</summary>
    public async Task<JobRecord?> FindAsync(string id, Caller caller, CancellationToken cancellationToken) =>
        (await LookupAsync(id, caller, JobRight.Read, cancellationToken)).Job;

    /// <summary>
    /// The job when the caller has <paramref name="required"/> on it; otherwise why not (<see cref="Refusal"/> turns that
    /// into the answer). Routes that change a job ask for <see cref="JobRight.Write"/>.
    /// </summary>
    public async Task<JobLookup> LookupAsync(string id, Caller caller, JobRight required, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var uuid))
        {
            return JobLookup.NotFound;
        }

        var job = await queries.FindVisibleAsync(caller.TenantId, uuid, cancellationToken);
        if (job is null || !job.Visible)
        {
            return JobLookup.NotFound;
        }

        return await DecideAsync(job, caller, required, cancellationToken) switch
        {
            JobAccessVerdict.Allowed => new JobLookup(job, JobAccessVerdict.Allowed),
            JobAccessVerdict.Forbidden => JobLookup.Forbidden,
            _ => JobLookup.NotFound,
        };
    }

    /// <summary>
    /// What the caller may do with a job already read (of any visibility: a route that reaches hidden jobs decides
    /// about those itself): not found outside the caller's tenant or while ACCEPTED, else <see cref="JobAccessRule"/>
    /// with the caller's grant.
    /// </summary>
    public async Task<JobAccessVerdict> DecideAsync(JobRecord job, Caller caller, JobRight required, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(caller);
        if (job.TenantId != caller.TenantId || job.Status == JobStatus.ACCEPTED)
        {
            return JobAccessVerdict.NotFound;
        }

        var isOwner = job.Owner == caller.User;
        // The owner and admins need no grant, so their requests cost no second query.
        var grant = isOwner || caller.IsTenantAdmin
            ? JobPermission.None
            : (await permissions.FindAsync(job.Uuid, job.TenantId, caller.User, cancellationToken))?.Permission ?? JobPermission.None;
        return JobAccessRule.Decide(required, isOwner, caller.IsTenantAdmin, grant);
    }

    /// <summary>The answer for a lookup that did not allow <paramref name="required"/>: 403 naming the missing right, or 404.</summary>
    public static EnvelopeResult Refusal(JobLookup lookup, string id, JobRight required)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return lookup.Verdict == JobAccessVerdict.Forbidden
            ? EnvelopeResult.Error(StatusCodes.Status403Forbidden, JobAccessRule.ForbiddenMessage(id, required))
            : EnvelopeResult.Error(StatusCodes.Status404NotFound, NotFoundMessage(id));
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
        return job is not null && await DecideAsync(job, caller, JobRight.Read, cancellationToken) == JobAccessVerdict.Allowed ? job : null;
    }

    /// <summary>
    /// Whether the caller may change a job it can see (hide, unhide, resubmit): <see cref="JobRight.Write"/>, decided by
    /// <see cref="JobAccessRule"/> like every other route.
    /// </summary>
    public async Task<bool> MayChangeAsync(JobRecord job, Caller caller, CancellationToken cancellationToken) =>
        await DecideAsync(job, caller, JobRight.Write, cancellationToken) == JobAccessVerdict.Allowed;

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

    public JobLinks Links(HttpRequest request) => JobLinks.For(request, options.CurrentValue.BaseUrl);

    public static string NotFoundMessage(string id) =>
        $"No job with id '{id}' is visible to you (ids are UUIDs; a job becomes visible within moments of submission).";
}
