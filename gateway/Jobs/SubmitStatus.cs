namespace AloeOrleans.Gateway.Jobs;

/// <summary>How a submission ended; each member maps to one HTTP answer.</summary>
public enum SubmitStatus
{
    /// <summary>The ACCEPTED row is committed: 201 with <c>Location</c>.</summary>
    Accepted,

    /// <summary>The idempotency key was used before: 201 with the job of the first request, nothing new stored.</summary>
    AlreadyAccepted,

    /// <summary>The request breaks rules listed in <see cref="SubmitResult.Errors"/>: 400.</summary>
    Invalid,

    /// <summary>
    /// Every rule the request breaks is a path its owner may not read or write (<see cref="SubmitResult.Errors"/>,
    /// all of kind <c>Forbidden</c>): 403, nothing stored.
    /// </summary>
    Forbidden,

    /// <summary>The tenant queue's backlog is full, nothing stored: 429 with <c>Retry-After</c>.</summary>
    QueueFull,

    /// <summary>A backing service is down, nothing stored: 503.</summary>
    Unavailable,

    /// <summary>
    /// The call that commits the job failed in a way that may come after the commit (a timeout, a lost silo or database
    /// connection): 503 saying the outcome is unknown and to retry with the same <c>Idempotency-Key</c>.
    /// </summary>
    OutcomeUnknown,
}
