using AloeOrleans.Gateway.Auth;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Jobs;
using AloeOrleans.Grains.Queues;
using AloeOrleans.Grains.Submission;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The submit path: parse and validate (pure, against the cached catalog) → route to a tenant queue → the job grain
/// admits it and commits the ACCEPTED row. Nothing is stored unless every rule passed (within the limits of
/// <c>Aloe:Jobs</c>) and the queue had room.
/// </summary>
public sealed class JobSubmissionService(
    ICatalog catalog, IQueueRouter router, IGrainFactory grainFactory, IOptionsMonitor<JobOptions> jobOptions, TimeProvider clock)
    : IJobSubmissionService
{
    public async Task<SubmitResult> SubmitAsync(ReadOnlyMemory<byte> body, Caller caller, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var parsed = SubmissionRequestParser.Parse(body.Span);
        if (parsed.Request is not { } request)
        {
            return Invalid(parsed.Errors);
        }

        var app = await catalog.FindAppAsync(caller.TenantId, request.AppId, cancellationToken);
        if (app is null)
        {
            return Invalid([new SubmissionError("appId", $"appId: no app '{request.AppId}' exists in tenant {caller.TenantId}; give the id of a registered app (name-version)")]);
        }

        var executionSystem = await catalog.FindSystemAsync(caller.TenantId, app.ExecutionSystem, cancellationToken);
        if (executionSystem is null)
        {
            return Invalid([new SubmissionError("appId", $"appId: app {app.Id} names execution system {app.ExecutionSystem}, which does not exist; the app cannot run")]);
        }

        var archiveSystem = request.ArchiveSystem is { } named
            ? await catalog.FindSystemAsync(caller.TenantId, named, cancellationToken)
            : await catalog.FindDefaultStorageAsync(caller.TenantId, cancellationToken);
        var identity = new SubmissionIdentity(caller.TenantId, caller.User, caller.Roles, caller.IsTenantAdmin);
        var validated = SubmissionValidator.Validate(request, identity, app, executionSystem, archiveSystem,
            await catalog.SnapshotAsync(caller.TenantId, cancellationToken), jobOptions.CurrentValue.SubmissionLimits, clock);
        if (validated.Submission is not { } submission)
        {
            return Refused(validated.Errors);
        }

        var queue = await router.RouteAsync(submission, cancellationToken);
        // Version 7 UUIDs are RFC-format and time-ordered, which keeps the uuid index append-mostly under load.
        var grain = grainFactory.GetGrain<IJobGrain>(Guid.CreateVersion7());
        var accepted = await grain.AcceptAsync(submission.ToJobSubmission(queue, idempotencyKey));
        return accepted.Outcome switch
        {
            AcceptOutcome.Accepted => new SubmitResult(SubmitStatus.Accepted, accepted.Job, [], null),
            AcceptOutcome.AlreadyAccepted => new SubmitResult(SubmitStatus.AlreadyAccepted, accepted.Job, [], null),
            _ => new SubmitResult(SubmitStatus.QueueFull, null, [], accepted.Message),
        };
    }

    private static SubmitResult Invalid(IReadOnlyList<SubmissionError> errors) => new(SubmitStatus.Invalid, null, errors, null);

    /// <summary>Forbidden when every error is a path the caller may not use (fixing the request elsewhere will not help); otherwise invalid.</summary>
    private static SubmitResult Refused(IReadOnlyList<SubmissionError> errors) =>
        errors.All(error => error.Kind == SubmissionErrorKind.Forbidden) ? new(SubmitStatus.Forbidden, null, errors, null) : Invalid(errors);
}
