using Orleans.Concurrency;

namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// Owns one job (key: the job UUID) and is the only writer of its status. Every status change goes through the
/// transition table and is written with its history event in one transaction with an optimistic version check.
/// </summary>
[Alias("aloe.IJobGrain")]
public interface IJobGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Admits the submission to its tenant queue and commits the ACCEPTED row. Returns only after the commit (or a
    /// refusal that stored nothing); processing then continues asynchronously.
    /// </summary>
    [Alias("Accept")]
    Task<AcceptResult> AcceptAsync(JobSubmission submission);

    /// <summary>Cancels the job: kills the remote work if there is any, then STOPPED. 409 in ACCEPTED or terminal states.</summary>
    [Alias("Cancel")]
    Task<ActionResult> CancelAsync(string requestedBy);

    /// <summary>
    /// Pauses the job (docs/lifecycle.md, "PAUSED"): before its launch it stops advancing and gives its worker slot
    /// back; a RUNNING job on a FORK system is stopped (SIGSTOP of its process group), a QUEUED Slurm job is held.
    /// NotAllowedInState (409) where its state or its system cannot be paused; pausing a PAUSED job changes nothing
    /// (and withdraws a resume still waiting for its worker slot).
    /// </summary>
    [Alias("Pause")]
    Task<ActionResult> PauseAsync(string requestedBy);

    /// <summary>
    /// Resumes a PAUSED job: it goes back to the status it was paused from, through its tenant queue (a worker slot
    /// first) when that status needs one, continuing its remote job. NotAllowedInState (409) when the job is not PAUSED.
    /// The answer may still show PAUSED: the job leaves it when its queue grants the slot.
    /// </summary>
    [Alias("ResumePaused")]
    Task<ActionResult> ResumePausedAsync(string requestedBy);

    /// <summary>
    /// Hides the job (docs/api.md, "Hiding and unhiding a job"): it leaves lists and answers 404 until it is unhidden.
    /// Only an ended job (FINISHED, STOPPED, FAILED) can be hidden (NotAllowedInState otherwise); hiding a hidden job
    /// changes nothing. Writes a HIDDEN history event. NotFound when the job does not exist.
    /// </summary>
    [Alias("Hide")]
    Task<ActionResult> HideAsync(string requestedBy);

    /// <summary>Makes a hidden job visible again, in any state; unhiding a visible job changes nothing. Writes an UNHIDDEN history event.</summary>
    [Alias("Unhide")]
    Task<ActionResult> UnhideAsync(string requestedBy);

    /// <summary>
    /// Appends a history event that is no status change (<see cref="JobHistoryKinds"/>, e.g. a permission granted),
    /// after every write the grain has made. Done, or NotFound when the job does not exist. An unknown kind is a bug
    /// (<see cref="ArgumentException"/>).
    /// </summary>
    [Alias("AddHistoryNote")]
    Task<ActionResult> AddHistoryNoteAsync(JobHistoryNote note);

    /// <summary>Makes sure the job is being worked on after a restart; reads everything from the database. Idempotent.</summary>
    [Alias("Resume")]
    Task ResumeAsync();

    /// <summary>Called by the tenant queue when the job may start active processing. Idempotent.</summary>
    [Alias("SlotGranted")]
    [OneWay]
    Task SlotGrantedAsync();
}
