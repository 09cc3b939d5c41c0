using Microsoft.AspNetCore.Http;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The answer to a cancel whose call to the job's grain failed. The job grain records a failed kill and still ends the
/// job STOPPED, so what reaches here is an outage or a race: each gets a clear 503 or 409 that says whether the cancel
/// may still take effect and that cancelling again is safe, never a 500. Pure.
/// </summary>
public static class CancelFailure
{
    /// <summary>The status and message, or null for a failure that is none of these (a bug).</summary>
    public static (int StatusCode, string Message)? Classify(Exception exception, Guid jobUuid)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var check = $"GET /jobs/v2/{jobUuid}/status shows whether it is STOPPED; cancelling again is safe (a stopped job answers 409).";
        return JobActionFailure.KindOf(exception) switch
        {
            JobActionFailureKind.Conflict => (StatusCodes.Status409Conflict, $"Job {jobUuid} changed while it was being cancelled; cancel it again."),
            JobActionFailureKind.Database => (StatusCodes.Status503ServiceUnavailable,
                $"The database is unavailable, so the cancel of job {jobUuid} may not have been recorded. Retry in a few seconds; {check}"),
            JobActionFailureKind.Timeout => (StatusCodes.Status503ServiceUnavailable,
                $"The cancel of job {jobUuid} did not complete in time (its remote work may be slow to kill); it may still take effect. {check}"),
            JobActionFailureKind.Cluster => (StatusCodes.Status503ServiceUnavailable,
                $"The job cluster could not complete the cancel of job {jobUuid}; it may or may not have taken effect. {check}"),
            _ => null,
        };
    }
}
