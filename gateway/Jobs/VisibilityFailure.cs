using Microsoft.AspNetCore.Http;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The answer to a hide or an unhide whose call to the job's grain failed: an outage or a race, each a clear 503 or 409
/// saying whether it may have taken effect and that asking again is safe, never a 500. Pure.
/// </summary>
public static class VisibilityFailure
{
    /// <summary>The status and message for <paramref name="action"/> ("hide", "unhide"), or null for a failure that is none of these (a bug).</summary>
    public static (int StatusCode, string Message)? Classify(Exception exception, Guid jobUuid, string action)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var again = $"Asking to {action} job {jobUuid} again is safe.";
        return JobActionFailure.KindOf(exception) switch
        {
            JobActionFailureKind.Conflict => (StatusCodes.Status409Conflict, $"Job {jobUuid} changed while it was being asked to {action}; ask again."),
            JobActionFailureKind.Database => (StatusCodes.Status503ServiceUnavailable,
                $"The database is unavailable, so the request to {action} job {jobUuid} may not have been recorded. Retry in a few seconds. {again}"),
            JobActionFailureKind.Timeout => (StatusCodes.Status503ServiceUnavailable,
                $"The request to {action} job {jobUuid} did not complete in time; it may still take effect. {again}"),
            JobActionFailureKind.Cluster => (StatusCodes.Status503ServiceUnavailable,
                $"The job cluster could not complete the request to {action} job {jobUuid}; it may or may not have taken effect. {again}"),
            _ => null,
        };
    }
}
