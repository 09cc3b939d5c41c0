using AloeOrleans.Gateway.Auth;
using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// User actions on one job, carried out by its grain. The gateway calls these only after it has checked that the caller
/// may change the job (<see cref="JobRight.Write"/>: owner, tenant admin or a user it is shared with WRITE).
/// </summary>
public interface IJobActions
{
    /// <summary>Cancel (also <c>kill</c>, <c>stop</c>): Done → 200 with the job, NotFound → 404, NotAllowedInState → 409.</summary>
    Task<ActionResult> CancelAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken);

    /// <summary>Pause: Done → 200 with the job (PAUSED), NotAllowedInState → 409, Unavailable → 503.</summary>
    Task<ActionResult> PauseAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken);

    /// <summary>Resume a PAUSED job: Done → 200 with the job, NotAllowedInState → 409.</summary>
    Task<ActionResult> ResumeAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken);

    /// <summary>Hide an ended job: Done → 200 with the job (visible false), NotAllowedInState → 409 naming its state.</summary>
    Task<ActionResult> HideAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken);

    /// <summary>Make a hidden job visible again: Done → 200 with the job (a visible job is answered as it is).</summary>
    Task<ActionResult> UnhideAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken);

    /// <summary>
    /// Appends a history event that is no status change (a <see cref="JobHistoryKinds"/> kind, e.g. a permission granted)
    /// through the job's grain, after its other writes: Done, or NotFound when the job does not exist.
    /// </summary>
    Task<ActionResult> AddHistoryNoteAsync(Guid jobUuid, JobHistoryNote note, CancellationToken cancellationToken);
}
