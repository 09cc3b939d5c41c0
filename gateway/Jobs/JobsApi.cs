using System.Text.Json;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;
using AloeOrleans.GrainInterfaces.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
    public const int MaxIdempotencyKeyLength = 255;

    private static readonly string[] CancelAliases = ["cancel", "kill", "stop"];
    private static readonly string[] PauseActions = ["pause", "resume"];
    private static readonly string[] LaterActions = ["resubmit", "hide", "unhide", "restore"];

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Anonymous on purpose: it must answer 410 to the old callers, whoever they are, and never touch a job.
        app.Map("/jobs/v2/trigger/{**rest}", TriggerGone).AllowAnonymous();

        var jobs = app.MapGroup("/jobs/v2").RequireAuthorization();
        jobs.MapPost("", SubmitAsync);
        jobs.MapGet("", ListAsync);
        jobs.MapRecoveryApi();
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

        MapLaterFeatures(jobs);
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

        string? idempotencyKey = null;
        if (request.Headers.TryGetValue("Idempotency-Key", out var keyValues) && !string.IsNullOrEmpty(keyValues.ToString()))
        {
            idempotencyKey = keyValues.ToString();
            if (idempotencyKey.Length > MaxIdempotencyKeyLength)
            {
                return EnvelopeResult.Error(
                    StatusCodes.Status400BadRequest,
                    $"The Idempotency-Key header has {idempotencyKey.Length} characters; at most {MaxIdempotencyKeyLength} are allowed.");
            }
        }

        var settings = options.CurrentValue;
        var body = await RequestBody.ReadAsync(request, settings.MaxRequestBodyBytes, context.RequestAborted);
        var result = await submissions.SubmitAsync(body, caller, idempotencyKey, context.RequestAborted);
        var links = access.Links(request);

        return result.Status switch
        {
            // A replay answers exactly like the first request (201, same Location, same job), so a client that
            // retries after a lost answer cannot tell the difference; the extra header says it was a replay.
            SubmitStatus.Accepted or SubmitStatus.AlreadyAccepted when result.Job is { } job =>
                Created(job, links, result.Status == SubmitStatus.AlreadyAccepted),
            SubmitStatus.Invalid => EnvelopeResult.Error(StatusCodes.Status400BadRequest, InvalidMessage(result)),
            SubmitStatus.Forbidden => EnvelopeResult.Error(StatusCodes.Status403Forbidden, InvalidMessage(result)),
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
    }

    private static EnvelopeResult Created(JobRecord job, JobLinks links, bool replayed)
    {
        var created = EnvelopeResult.Created(JobJson.ToJson(job, links), links.Self(job.Uuid));
        return replayed ? created.WithHeader("Idempotent-Replayed", "true") : created;
    }

    // Each message already begins with its field ("nodeCount: must be …"), so it is used as it is.
    private static string InvalidMessage(SubmitResult result) => result.Errors.Count > 0
        ? string.Join("; ", result.Errors.Select(error => error.Message))
        : result.Message ?? "The job request is invalid.";

    private static async Task<EnvelopeResult> ListAsync(HttpContext context, [FromServices] JobAccess access)
    {
        if (await access.CallerAsync(context) is not { } caller)
        {
            return Unauthenticated();
        }

        if (!ListParameters.TryParse(context.Request.Query, caller, out var query, out var error))
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

        return result.Outcome switch
        {
            ActionOutcome.Done => EnvelopeResult.Ok(JobJson.ToJson(result.Job ?? job, access.Links(context.Request))),
            ActionOutcome.NotFound => EnvelopeResult.Error(StatusCodes.Status404NotFound, JobAccess.NotFoundMessage(job.Uuid.ToString())),
            ActionOutcome.NotAllowedInState => EnvelopeResult.Error(StatusCodes.Status409Conflict, string.IsNullOrWhiteSpace(result.Message)
                ? $"The job cannot be {action}d in state {result.Job?.Status.ToString() ?? "its current state"}."
                : result.Message),
            ActionOutcome.Unavailable => EnvelopeResult.Error(StatusCodes.Status503ServiceUnavailable, result.Message),
            _ => throw new InvalidOperationException($"Unknown action outcome {result.Outcome}."),
        };
    }

    /// <summary>
    /// The pre-Aloe form <c>POST /jobs/v2/{id}</c> with <c>action=…</c>, as JSON or form fields: the cancel aliases,
    /// <c>pause</c> and <c>resume</c>.
    /// </summary>
    private static async Task<EnvelopeResult> LegacyActionAsync(
        string id,
        HttpContext context,
        [FromServices] JobAccess access,
        [FromServices] IJobActions actions,
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

        var known = string.Join(", ", CancelAliases.Concat(PauseActions).Concat(LaterActions));
        if (string.IsNullOrWhiteSpace(action))
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, $"The body must name an action, one of {known}.");
        }

        var normalized = action.Trim().ToLowerInvariant();
        if (!CancelAliases.Contains(normalized) && !PauseActions.Contains(normalized) && !LaterActions.Contains(normalized))
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, $"Unknown action '{action}'; use one of {known}.");
        }

        // Every legacy action changes the job, so a READ grantee gets 403 here whatever the action.
        var lookup = await access.LookupAsync(id, caller, JobRight.Write, context.RequestAborted);
        if (lookup.Job is not { } job)
        {
            return JobAccess.Refusal(lookup, id, JobRight.Write);
        }

        if (PauseActions.Contains(normalized))
        {
            return await PauseOrResumeVisibleAsync(normalized, job, caller, context, access, actions);
        }

        return CancelAliases.Contains(normalized)
            ? await CancelVisibleAsync(job, caller, context, access, actions)
            : NotImplemented($"The job action '{normalized}'");
    }

    /// <summary>Routes of the contract that later work will fill in: a clear 501 instead of a bare 404 or 405.</summary>
    private static void MapLaterFeatures(RouteGroupBuilder jobs)
    {
        (string Method, string Pattern, string Feature)[] later =
        [
            ("POST", "{id}/hide", "Hiding jobs"),
            ("DELETE", "{id}/hide", "Hiding jobs"),
            ("DELETE", "{id}", "Hiding jobs"),
            ("POST", "{id}/unhide", "Unhiding jobs"),
            ("POST", "{id}/resubmit", "Resubmitting jobs"),
            ("GET", "{id}/outputs/listings/{**path}", "Output listings"),
            ("GET", "{id}/outputs/media/{**path}", "Output downloads"),
        ];
        foreach (var (method, pattern, feature) in later)
        {
            jobs.MapMethods(pattern, [method], (string id, HttpContext context, [FromServices] JobAccess access) =>
                WithVisibleJobAsync(id, context, access, (_, _) => Task.FromResult(NotImplemented(feature))));
        }
    }

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

    private static EnvelopeResult NotImplemented(string feature) =>
        EnvelopeResult.Error(StatusCodes.Status501NotImplemented, $"{feature} is not implemented in this service yet.");

    private static EnvelopeResult Unauthenticated() =>
        EnvelopeResult.Error(StatusCodes.Status401Unauthorized, TokenFailureMessages.Missing);
}
