using AloeOrleans.Gateway.Auth;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Jobs;
using AloeOrleans.Grains.Queues;
using AloeOrleans.Grains.Submission;
using AloeOrleans.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The submit path (and a resubmission's, from its job's request): parse and validate (pure, against the cached catalog) → route to a tenant queue → the job grain
/// admits it and commits the ACCEPTED row. Nothing is stored unless every rule passed (within the limits of
/// <c>Aloe:Jobs</c>) and the queue had room. A failure before the grain call stored nothing; a failure of the grain
/// call itself (a timeout, a lost silo or database connection) may come after the commit, and is answered as
/// <see cref="SubmitStatus.OutcomeUnknown"/> (<see cref="AcceptFailure"/>).
/// </summary>
public sealed partial class JobSubmissionService(
    ICatalog catalog, IQueueRouter router, IGrainFactory grainFactory, IOptionsMonitor<JobOptions> jobOptions,
    IOptionsMonitor<ExecutionOptions> executionOptions, TimeProvider clock,
    ILogger<JobSubmissionService> logger)
    : IJobSubmissionService
{
    public Task<SubmitResult> SubmitAsync(ReadOnlyMemory<byte> body, Caller caller, string? idempotencyKey, CancellationToken cancellationToken) =>
        CountedAsync(caller, SubmitCoreAsync(body, caller, idempotencyKey, null, cancellationToken));

    public Task<SubmitResult> ResubmitAsync(JobRecord original, Caller owner, string requestedBy, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(original);
        return CountedAsync(owner, SubmitCoreAsync(ResubmissionRequest.BodyOf(original), owner, idempotencyKey,
            new JobResubmissionOrigin(original.Uuid, requestedBy), cancellationToken));
    }

    /// <summary>Counts the answer in <c>aloe.jobs.submissions</c> by tenant and outcome (docs/operations.md).</summary>
    private static async Task<SubmitResult> CountedAsync(Caller caller, Task<SubmitResult> submission)
    {
        try
        {
            var result = await submission;
            AloeMetrics.Submitted(caller.TenantId, result.Status.ToString());
            return result;
        }
        catch
        {
            AloeMetrics.Submitted(caller.TenantId, "Error");
            throw;
        }
    }

    private async Task<SubmitResult> SubmitCoreAsync(ReadOnlyMemory<byte> body, Caller caller, string? idempotencyKey, JobResubmissionOrigin? origin,
        CancellationToken cancellationToken)
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
        var archives = request.Archive ?? SubmissionDefaults.Archive;
        if (LocalSystemRule.Refusal(executionOptions.CurrentValue.LocalSystems, app.Id, executionSystem, archives ? archiveSystem : null) is { } refusal)
        {
            return Invalid([refusal]);
        }

        var identity = new SubmissionIdentity(caller.TenantId, caller.User, caller.Roles, caller.IsTenantAdmin);
        var validated = SubmissionValidator.Validate(request, identity, app, executionSystem, archiveSystem,
            await catalog.SnapshotAsync(caller.TenantId, cancellationToken), jobOptions.CurrentValue.SubmissionLimits, clock);
        if (validated.Submission is not { } submission)
        {
            return Refused(validated.Errors);
        }

        var queue = await router.RouteAsync(submission, cancellationToken);
        // Version 7 UUIDs are RFC-format and time-ordered, which keeps the uuid index append-mostly under load.
        var jobUuid = Guid.CreateVersion7();
        AcceptResult accepted;
        try
        {
            accepted = await AcceptAsync(jobUuid, submission, queue, idempotencyKey, origin);
            if (accepted.Outcome == AcceptOutcome.QueueRemoved)
            {
                // The queue was removed after this silo routed to it (its change notification is on its way): read the
                // tenant's queues now and route once more. Nothing was stored, so the same job id is used.
                router.Forget(submission.TenantId);
                queue = await router.RouteAsync(submission, cancellationToken);
                accepted = await AcceptAsync(jobUuid, submission, queue, idempotencyKey, origin);
            }
        }
        catch (Exception exception) when (AcceptFailure.Classify(exception) is { } failure)
        {
            // Everything before this call stored nothing; this call commits the row, so its failure may come after the commit.
            LogAcceptFailed(logger, exception, jobUuid, failure.Status);
            return failure.Status == SubmitStatus.OutcomeUnknown
                ? new SubmitResult(SubmitStatus.OutcomeUnknown, null, [], AcceptFailure.OutcomeUnknownMessage(failure.Cause, jobUuid, idempotencyKey))
                : new SubmitResult(SubmitStatus.Unavailable, null, [], AcceptFailure.NothingStoredMessage(failure.Cause));
        }

        return accepted.Outcome switch
        {
            AcceptOutcome.Accepted => new SubmitResult(SubmitStatus.Accepted, accepted.Job, [], null),
            AcceptOutcome.AlreadyAccepted => new SubmitResult(SubmitStatus.AlreadyAccepted, accepted.Job, [], null),
            AcceptOutcome.QueueRemoved => new SubmitResult(SubmitStatus.Unavailable, null, [], accepted.Message),
            _ => new SubmitResult(SubmitStatus.QueueFull, null, [], accepted.Message),
        };
    }

    private Task<AcceptResult> AcceptAsync(Guid jobUuid, ValidatedSubmission submission, string queue, string? idempotencyKey,
        JobResubmissionOrigin? origin) =>
        grainFactory.GetGrain<IJobGrain>(jobUuid).AcceptAsync(submission.ToJobSubmission(queue, idempotencyKey) with { ResubmittedFrom = origin });

    private static SubmitResult Invalid(IReadOnlyList<SubmissionError> errors) => new(SubmitStatus.Invalid, null, errors, null);

    /// <summary>Forbidden when every error is a path the caller may not use (fixing the request elsewhere will not help); otherwise invalid.</summary>
    private static SubmitResult Refused(IReadOnlyList<SubmissionError> errors) =>
        errors.All(error => error.Kind == SubmissionErrorKind.Forbidden) ? new(SubmitStatus.Forbidden, null, errors, null) : Invalid(errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accepting job {JobUuid} failed ({Answer})")]
    private static partial void LogAcceptFailed(ILogger logger, Exception exception, Guid jobUuid, SubmitStatus answer);
}
