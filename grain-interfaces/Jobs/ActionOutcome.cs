namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>How a user action (cancel, hide …) on a job ended; the gateway maps it to an HTTP code.</summary>
[GenerateSerializer]
[Alias("aloe.ActionOutcome")]
public enum ActionOutcome
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>The job does not exist (or is not yet visible).</summary>
    NotFound,

    /// <summary>The job's current state does not allow the action (HTTP 409).</summary>
    NotAllowedInState,

    /// <summary>A system the action needs did not answer; nothing changed and the action may be asked again (HTTP 503).</summary>
    Unavailable,
}
