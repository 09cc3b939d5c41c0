using System.Text.Json;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Jobs.Lifecycle;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using ActionResult = AloeOrleans.GrainInterfaces.Jobs.ActionResult;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The legacy <c>/jobs/v2</c> routes (docs/api.md, "Routes"). Every answer is an <see cref="EnvelopeResult"/>; routing
/// accepts trailing slashes by itself.
/// </summary>
public static class JobsApi
{
    public const int MaxIdempotencyKeyLength = IdempotencyKeyHeader.MaxLength;

    private static readonly string[] CancelAliases = ["cancel", "kill", "stop"];
    private static readonly string[] PauseActions = ["pause", "resume"];
    private static readonly string[] VisibilityActions = ["hide", "unhide", "restore"];
    private const string ResubmitAction = "resubmit";

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Anonymous on purpose: it must answer 410 to the old callers, whoever they are, and never touch a job.
        app.Map("/jobs/v2/trigger/{**rest}", TriggerGone).AllowAnonymous();

        var jobs = app.MapGroup("/jobs/v2").RequireAuthorization();
        jobs.MapPost("", SubmitAsync);
        jobs.MapGet("", ListAsync);
        jobs.MapGet("search/{**terms}", SearchPathAsync);
        jobs.MapRecoveryApi();
        jobs.MapQueuesApi();
        jobs.MapGet("{id}", GetAsync);
        jobs.MapPost("{id}", LegacyActionAsync);
        jobs.MapGet("{id}/status", StatusAsync);
        jobs.MapGet("{id}/history", HistoryAsync);
        foreach (var alias in CancelAliases)
        {
            jobs.MapPost($"{{id}}/{alias}", CancelAsync);
        }

        jobs.MapPost("{id}/pause", PauseAsync);
        jobs.MapPost("{id}/resume", ResumeAsync);
        jobs.MapPermissionsApi();

        // Hide has three spellings (docs/api.md, "Hiding and unhiding a job"); DELETE /jobs/v2/{id} is Agave's.
        jobs.MapPost("{id}/hide", HideAsync);
        jobs.MapDelete("{id}/hide", HideAsync);
        jobs.MapDelete("{id}", HideAsync);
        jobs.MapPost("{id}/unhide", UnhideAsync);
        jobs.MapPost("{id}/resubmit", ResubmitAsync);

        jobs.MapOutputsApi();
        return app;
    }

    private static EnvelopeResult TriggerGone() => EnvelopeResult.Error(
        StatusCodes.Status410Gone,
        "The /jobs/v2/trigger callback API was removed: it let anyone holding a job's update token change the job "
        + "without authentication. Jobs now report their progress through the service's own monitoring; nothing was changed.");

    private static async Task<EnvelopeResult> SubmitAsync(
        HttpContext context,
        [FromServices] JobAccess access,
        [FromServices] IJobSubmissionService submissions,
        [FromServices] IOptionsMonitor<GatewayOptions> options)
    {
        if (await access.CallerAsync(context) is not { } caller)
        {
            return Unauthenticated();
        }

        var request = context.Request;
        if (!RequestBody.IsJson(request))
        {
            return EnvelopeResult.Error(
                StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type must be application/json, not '{request.ContentType ?? "(none)"}'.");
        }

        if (!IdempotencyKeyHeader.TryRead(request, out var idempotencyKey, out var keyError))
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, keyError);
        }

        var settings = options.CurrentValue;
        var body = await RequestBody.ReadAsync(request, settings.MaxRequestBodyBytes, context.RequestAborted);
        var result = await submissions.SubmitAsync(body, caller, idempotencyKey, context.RequestAborted);
        return SubmissionAnswer(result, access.Links(request), settings, invalidPrefix: "");
    }

    /// <summary>
    /// How a submission or a resubmission ended, answered alike. A replay answers exactly like the first request (201,
    /// same Location, same job), so a client that retries after a lost answer cannot tell the difference; the extra header
    /// says it was a replay.
    /// </summary>
    private static EnvelopeResult SubmissionAnswer(SubmitResult result, JobLinks links, GatewayOptions settings, string invalidPrefix) =>
        result.Status switch
        {
            SubmitStatus.Accepted or SubmitStatus.AlreadyAccepted when result.Job is { } job =>
                Created(job, links, result.Status == SubmitStatus.AlreadyAccepted),
            SubmitStatus.Invalid => EnvelopeResult.Error(StatusCodes.Status400BadRequest, invalidPrefix + InvalidMessage(result)),
            SubmitStatus.Forbidden => EnvelopeResult.Error(StatusCodes.Status403Forbidden, invalidPrefix + InvalidMessage(result)),
            SubmitStatus.QueueFull => EnvelopeResult
                .Error(StatusCodes.Status429TooManyRequests, result.Message ?? "The tenant queue is full; retry later.")
                .WithHeader("Retry-After", settings.QueueFullRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            SubmitStatus.Unavailable => EnvelopeResult.Error(
                StatusCodes.Status503ServiceUnavailable,
                result.Message ?? "The service cannot accept jobs right now; nothing was stored. Retry in a few seconds."),
            SubmitStatus.OutcomeUnknown => EnvelopeResult.Error(
                StatusCodes.Status503ServiceUnavailable,
                result.Message ?? "The outcome of this submission is unknown; retry with the same Idempotency-Key."),
            _ => throw new InvalidOperationException($"Submission ended {result.Status} without a job."),
        };

    private static EnvelopeResult Created(JobRecord job, JobLinks links, bool replayed)
    {
        var created = EnvelopeResult.Created(JobJson.ToJson(job, links), links.Self(job.Uuid));
        return replayed ? created.WithHeader("Idempotent-Replayed", "true") : created;
    }

    // Each message already begins with its field ("nodeCount: must be …"), so it is used as it is.
    private static string InvalidMessage(SubmitResult result) => result.Errors.Count > 0
        ? string.Join("; ", result.Errors.Select(error => error.Message))
        : result.Message ?? "The job request is invalid.";

    private static Task<EnvelopeResult> ListAsync(HttpContext context, [FromServices] JobAccess access) =>
        ListPageAsync(context, access, pathTerms: null);

    /// <summary>Agave's path form of a search (docs/api.md, "Searching jobs"): the same list, its terms from the path.</summary>
    private static Task<EnvelopeResult> SearchPathAsync(string? terms, HttpContext context, [FromServices] JobAccess access)
    {
        // The raw target keeps every escape as sent, so a value is decoded exactly once (the routed value is already
        // decoded except for %2F).
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var path = raw.Split('?', 2)[0];
        var at = path.IndexOf("/search", StringComparison.OrdinalIgnoreCase);
        var tail = at >= 0 ? path[(at + "/search".Length)..] : terms ?? "";
        if (tail.Trim('/').Length == 0)
        {
            return ListPageAsync(context, access, pathTerms: null);
        }

        return SearchPath.TryParse(tail, out var pathTerms, out var error)
            ? ListPageAsync(context, access, pathTerms)
            : Task.FromResult(EnvelopeResult.Error(StatusCodes.Status400BadRequest, error));
    }

    private static async Task<EnvelopeResult> ListPageAsync(HttpContext context, JobAccess access,
        IReadOnlyList<KeyValuePair<string, string>>? pathTerms)
    {
        if (await access.CallerAsync(context) is not { } caller)
        {
            return Unauthenticated();
        }

        if (!ListParameters.TryParse(context.Request.Query, caller, out var query, out var error, pathTerms))
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, error);
        }

        var jobs = await access.Queries.ListAsync(query, context.RequestAborted);
        var links = access.Links(context.Request);
        // With filter= clients pick fields of the full object (Agave behaviour), so they get the full objects.
        var full = context.Request.Query.ContainsKey("filter");
        var items = jobs.Select(job => (JsonNode)(full ? JobJson.ToJson(job, links) : JobJson.ToListItem(job, links)));
        return EnvelopeResult.Ok(new JsonArray(items.ToArray()));
    }

    private static Task<EnvelopeResult> GetAsync(string id, HttpContext context, [FromServices] JobAccess access) =>
        WithVisibleJobAsync(id, context, access, (job, _) => Task.FromResult(EnvelopeResult.Ok(JobJson.ToJson(job, access.Links(context.Request)))));

    private static Task<EnvelopeResult> StatusAsync(string id, HttpContext context, [FromServices] JobAccess access) =>
        WithVisibleJobAsync(id, context, access, (job, _) => Task.FromResult(EnvelopeResult.Ok(JobJson.ToStatus(job, access.Links(context.Request)))));

    private static Task<EnvelopeResult> HistoryAsync(string id, HttpContext context, [FromServices] JobAccess access) =>
        WithVisibleJobAsync(id, context, access, async (job, _) =>
        {
            if (!PageParameters.TryParse(context.Request.Query, out var page, out var error))
            {
                return EnvelopeResult.Error(StatusCodes.Status400BadRequest, error);
            }

            var events = await access.Queries.HistoryAsync(job.Uuid, page.Limit, page.Offset, context.RequestAborted);
            return EnvelopeResult.Ok(new JsonArray(events.Select(e => (JsonNode)JobJson.ToHistoryItem(e)).ToArray()));
        });

    private static Task<EnvelopeResult> CancelAsync(
        string id, HttpContext context, [FromServices] JobAccess access, [FromServices] IJobActions actions) =>
        WithVisibleJobAsync(id, context, access, (job, caller) => CancelVisibleAsync(job, caller, context, access, actions), JobRight.Write);

    private static async Task<EnvelopeResult> CancelVisibleAsync(
        JobRecord job, Caller caller, HttpContext context, JobAccess access, IJobActions actions)
    {
        ActionResult result;
        try
        {
            result = await actions.CancelAsync(job.Uuid, caller, context.RequestAborted);
        }
        catch (Exception exception) when (CancelFailure.Classify(exception, job.Uuid) is { } failure)
        {
            return EnvelopeResult.Error(failure.StatusCode, failure.Message);
        }

        return result.Outcome switch
        {
            ActionOutcome.Done => EnvelopeResult.Ok(JobJson.ToJson(result.Job ?? job, access.Links(context.Request))),
            ActionOutcome.NotFound => EnvelopeResult.Error(StatusCodes.Status404NotFound, JobAccess.NotFoundMessage(job.Uuid.ToString())),
            ActionOutcome.NotAllowedInState => EnvelopeResult.Error(StatusCodes.Status409Conflict, ConflictMessage(result)),
            ActionOutcome.Unavailable => EnvelopeResult.Error(StatusCodes.Status503ServiceUnavailable, result.Message),
            _ => throw new InvalidOperationException($"Unknown action outcome {result.Outcome}."),
        };
    }

    private static string ConflictMessage(ActionResult result) => string.IsNullOrWhiteSpace(result.Message)
        ? $"The job cannot be cancelled in state {result.Job?.Status.ToString() ?? "its current state"}."
        : result.Message;

    private static Task<EnvelopeResult> PauseAsync(
        string id, HttpContext context, [FromServices] JobAccess access, [FromServices] IJobActions actions) =>
        WithVisibleJobAsync(id, context, access, (job, caller) => PauseOrResumeVisibleAsync("pause", job, caller, context, access, actions), JobRight.Write);

    private static Task<EnvelopeResult> ResumeAsync(
        string id, HttpContext context, [FromServices] JobAccess access, [FromServices] IJobActions actions) =>
        WithVisibleJobAsync(id, context, access, (job, caller) => PauseOrResumeVisibleAsync("resume", job, caller, context, access, actions), JobRight.Write);

    /// <summary>
    /// Pause or resume (docs/api.md): 200 with the job, 409 naming why its state does not allow it, 503 when its system
    /// or the cluster did not answer (asking again is safe), 404 when the job is gone.
    /// </summary>
    private static async Task<EnvelopeResult> PauseOrResumeVisibleAsync(
        string action, JobRecord job, Caller caller, HttpContext context, JobAccess access, IJobActions actions)
    {
        ActionResult result;
        try
        {
            result = action == "pause"
                ? await actions.PauseAsync(job.Uuid, caller, context.RequestAborted)
                : await actions.ResumeAsync(job.Uuid, caller, context.RequestAborted);
        }
        catch (Exception exception) when (PauseFailure.Classify(exception, job.Uuid, action) is { } failure)
        {
            return EnvelopeResult.Error(failure.StatusCode, failure.Message);
        }

        return ActionAnswer(result, job, context, access, state => $"The job cannot be {action}d in state {state}.");
    }

    /// <summary>
    /// The answer to a grain action on a job (pause, resume, hide, unhide): 200 with the job, 404 when it is gone, 409
    /// with the grain's reason (or <paramref name="refusedIn"/> of the state when it gave none), 503 when unavailable.
    /// </summary>
    private static EnvelopeResult ActionAnswer(ActionResult result, JobRecord job, HttpContext context, JobAccess access, Func<string, string> refusedIn) =>
        result.Outcome switch
        {
            ActionOutcome.Done => EnvelopeResult.Ok(JobJson.ToJson(result.Job ?? job, access.Links(context.Request))),
            ActionOutcome.NotFound => EnvelopeResult.Error(StatusCodes.Status404NotFound, JobAccess.NotFoundMessage(job.Uuid.ToString())),
            ActionOutcome.NotAllowedInState => EnvelopeResult.Error(StatusCodes.Status409Conflict, string.IsNullOrWhiteSpace(result.Message)
                ? refusedIn(result.Job?.Status.ToString() ?? "its current state")
                : result.Message),
            ActionOutcome.Unavailable => EnvelopeResult.Error(StatusCodes.Status503ServiceUnavailable, result.Message),
            _ => throw new InvalidOperationException($"Unknown action outcome {result.Outcome}."),
        };

    /// <summary>
    /// The pre-Aloe form <c>POST /jobs/v2/{id}</c> with <c>action=…</c>, as JSON or form fields: the cancel aliases,
    /// <c>pause</c>, <c>resume</c>, <c>hide</c>, <c>unhide</c> (alias <c>restore</c>) and <c>resubmit</c>, each answered as its own route.
    /// </summary>
    private static async Task<EnvelopeResult> LegacyActionAsync(
        string id,
        HttpContext context,
        [FromServices] JobAccess access,
        [FromServices] IJobActions actions,
        [FromServices] IJobSubmissionService submissions,
        [FromServices] IOptionsMonitor<GatewayOptions> options)
    {
        if (await access.CallerAsync(context) is not { } caller)
        {
            return Unauthenticated();
        }

        var (action, error) = await LegacyActionBody.ReadAsync(context, options.CurrentValue.MaxRequestBodyBytes);
        if (error is not null)
        {
            return error;
        }

        string[] knownActions = [.. CancelAliases, .. PauseActions, .. VisibilityActions, ResubmitAction];
        var known = string.Join(", ", knownActions);
        if (string.IsNullOrWhiteSpace(action))
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, $"The body must name an action, one of {known}.");
        }

        var normalized = action.Trim().ToLowerInvariant();
        if (!knownActions.Contains(normalized))
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, $"Unknown action '{action}'; use one of {known}.");
        }

        // Unhide is the one action a hidden job answers; it decides the caller's right itself (403 for a READ grantee).
        // Every other legacy action changes the job, so a READ grantee gets 403 here whatever the action.
        var unhide = normalized is "unhide" or "restore";
        JobRecord? job;
        if (unhide)
        {
            job = await access.FindHiddenOrVisibleAsync(id, caller, context.RequestAborted);
            if (job is null)
            {
                return EnvelopeResult.Error(StatusCodes.Status404NotFound, JobAccess.NotFoundMessage(id));
            }
        }
        else
        {
            var lookup = await access.LookupAsync(id, caller, JobRight.Write, context.RequestAborted);
            if (lookup.Job is null)
            {
                return JobAccess.Refusal(lookup, id, JobRight.Write);
            }

            job = lookup.Job;
        }

        if (PauseActions.Contains(normalized))
        {
            return await PauseOrResumeVisibleAsync(normalized, job, caller, context, access, actions);
        }

        if (VisibilityActions.Contains(normalized))
        {
            return await ChangeVisibilityAsync(unhide ? "unhide" : "hide", job, caller, context, access, actions);
        }

        return normalized == ResubmitAction
            ? await ResubmitVisibleAsync(job, caller, context, access, submissions, options.CurrentValue)
            : await CancelVisibleAsync(job, caller, context, access, actions);
    }

    /// <summary><c>POST /{id}/hide</c>, <c>DELETE /{id}/hide</c> and <c>DELETE /{id}</c>: a hidden job is not found, like any job the caller cannot see.</summary>
    private static Task<EnvelopeResult> HideAsync(
        string id, HttpContext context, [FromServices] JobAccess access, [FromServices] IJobActions actions) =>
        WithVisibleJobAsync(id, context, access, (job, caller) => ChangeVisibilityAsync("hide", job, caller, context, access, actions), JobRight.Write);

    private static async Task<EnvelopeResult> UnhideAsync(
        string id, HttpContext context, [FromServices] JobAccess access, [FromServices] IJobActions actions)
    {
        if (await access.CallerAsync(context) is not { } caller)
        {
            return Unauthenticated();
        }

        return await access.FindHiddenOrVisibleAsync(id, caller, context.RequestAborted) is { } job
            ? await ChangeVisibilityAsync("unhide", job, caller, context, access, actions)
            : EnvelopeResult.Error(StatusCodes.Status404NotFound, JobAccess.NotFoundMessage(id));
    }

    /// <summary>
    /// Hide or unhide through the job's grain (docs/api.md, "Hiding and unhiding a job"): 200 with the job, 403 for a caller
    /// who may see the job but not change it, 409 naming the state that does not allow it, 503 when the cluster or the
    /// database did not answer (asking again is safe).
    /// </summary>
    private static async Task<EnvelopeResult> ChangeVisibilityAsync(
        string action, JobRecord job, Caller caller, HttpContext context, JobAccess access, IJobActions actions)
    {
        if (!await access.MayChangeAsync(job, caller, context.RequestAborted))
        {
            return EnvelopeResult.Error(StatusCodes.Status403Forbidden, JobAccess.MayNotChangeMessage(job.Uuid, action));
        }

        ActionResult result;
        try
        {
            result = action == "hide"
                ? await actions.HideAsync(job.Uuid, caller, context.RequestAborted)
                : await actions.UnhideAsync(job.Uuid, caller, context.RequestAborted);
        }
        catch (Exception exception) when (VisibilityFailure.Classify(exception, job.Uuid, action) is { } failure)
        {
            return EnvelopeResult.Error(failure.StatusCode, failure.Message);
        }

        return ActionAnswer(result, job, context, access, state => $"Job {job.Uuid} cannot be {action}den in state {state}.");
    }

    private static async Task<EnvelopeResult> ResubmitAsync(
        string id,
        HttpContext context,
        [FromServices] JobAccess access,
        [FromServices] IJobSubmissionService submissions,
        [FromServices] IOptionsMonitor<GatewayOptions> options) =>
        await WithVisibleJobAsync(id, context, access, (job, caller) => ResubmitVisibleAsync(job, caller, context, access, submissions, options.CurrentValue), JobRight.Write);

    /// <summary>
    /// Resubmit (docs/api.md, "Resubmitting a job"): 403 for a caller who may see the job but not change it, 409 in
    /// ACCEPTED and PENDING, otherwise the job's request goes through every rule of a submission in its owner's name and is
    /// answered like one (201 with <c>Location</c>, 400 naming what today's catalog no longer accepts, 429, 503).
    /// </summary>
    private static async Task<EnvelopeResult> ResubmitVisibleAsync(
        JobRecord job, Caller caller, HttpContext context, JobAccess access, IJobSubmissionService submissions, GatewayOptions settings)
    {
        if (!await access.MayChangeAsync(job, caller, context.RequestAborted))
        {
            return EnvelopeResult.Error(StatusCodes.Status403Forbidden, JobAccess.MayNotChangeMessage(job.Uuid, "resubmit"));
        }

        if (JobLifecycle.ResubmitRefusal(job.Uuid, job.Status) is { } refusal)
        {
            return EnvelopeResult.Error(StatusCodes.Status409Conflict, refusal);
        }

        if (!IdempotencyKeyHeader.TryRead(context.Request, out var key, out var keyError))
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, keyError);
        }

        var owner = await access.OwnerOfAsync(job, caller, context.RequestAborted);
        var result = await submissions.ResubmitAsync(job, owner, caller.User,
            key is null ? null : IdempotencyKeyHeader.ForResubmission(job.Uuid, key), context.RequestAborted);
        return SubmissionAnswer(result, access.Links(context.Request), settings,
            invalidPrefix: $"Job {job.Uuid} cannot be resubmitted as it was, app {job.Spec.AppId} as it is now refuses its request: ");
    }

    /// <summary>Routes of the contract that later work will fill in: a clear 501 instead of a bare 404 or 405.</summary>
    /// <summary>
    /// Runs <paramref name="onVisible"/> when the caller has <paramref name="required"/> on the job (docs/security.md,
    /// "Shared jobs"); otherwise 404, or 403 for a caller who sees the job but may not change it. Routes that change a
    /// job pass <see cref="JobRight.Write"/>.
    /// </summary>
    private static async Task<EnvelopeResult> WithVisibleJobAsync(
        string id,
        HttpContext context,
        JobAccess access,
        Func<JobRecord, Caller, Task<EnvelopeResult>> onVisible,
        JobRight required = JobRight.Read)
    {
        if (await access.CallerAsync(context) is not { } caller)
        {
            return Unauthenticated();
        }

        var lookup = await access.LookupAsync(id, caller, required, context.RequestAborted);
        return lookup.Job is { } job
            ? await onVisible(job, caller)
            : JobAccess.Refusal(lookup, id, required);
    }


    private static EnvelopeResult Unauthenticated() =>
        EnvelopeResult.Error(StatusCodes.Status401Unauthorized, TokenFailureMessages.Missing);
}
