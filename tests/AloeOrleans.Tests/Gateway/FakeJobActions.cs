using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Tests.Gateway;

/// <summary>Cancels, pauses, resumes, hides and unhides by answering <see cref="Outcome"/> (or failing with <see cref="Failure"/>); records the calls.</summary>
internal sealed class FakeJobActions : IJobActions
{
    public ActionOutcome Outcome { get; set; } = ActionOutcome.Done;

    /// <summary>When set, every cancel fails with it, as a failed grain call would.</summary>
    public Exception? Failure { get; set; }

    public List<(Guid Job, Caller Caller)> Cancelled { get; } = [];

    /// <summary>Pauses and resumes asked for, in order: ("pause" or "resume", job, caller).</summary>
    public List<(string Action, Guid Job, Caller Caller)> PausesAndResumes { get; } = [];

    public Task<ActionResult> CancelAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken)
    {
        Cancelled.Add((jobUuid, caller));
        return Answer("Job is already FINISHED; it cannot be cancelled.");
    }

    public Task<ActionResult> PauseAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken)
    {
        PausesAndResumes.Add(("pause", jobUuid, caller));
        return Answer("Job has ended (FINISHED): only a job that has not ended can be paused.");
    }

    public Task<ActionResult> ResumeAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken)
    {
        PausesAndResumes.Add(("resume", jobUuid, caller));
        return Answer("Job is RUNNING, not PAUSED: only a paused job can be resumed.");
    }

    /// <summary>Hides and unhides asked for, in order: ("hide" or "unhide", job, caller).</summary>
    public List<(string Action, Guid Job, Caller Caller)> VisibilityChanges { get; } = [];

    public List<(Guid Job, JobHistoryNote Note)> Notes { get; } = [];

    public Task<ActionResult> HideAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken)
    {
        VisibilityChanges.Add(("hide", jobUuid, caller));
        return Answer("Job is RUNNING: only a job that has ended (FINISHED, STOPPED or FAILED) can be hidden.");
    }

    public Task<ActionResult> UnhideAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken)
    {
        VisibilityChanges.Add(("unhide", jobUuid, caller));
        return Answer("not refused");
    }

    public Task<ActionResult> AddHistoryNoteAsync(Guid jobUuid, JobHistoryNote note, CancellationToken cancellationToken)
    {
        Notes.Add((jobUuid, note));
        return Answer("not refused");
    }

    private Task<ActionResult> Answer(string refusal)
    {
        if (Failure is { } failure)
        {
            return Task.FromException<ActionResult>(failure);
        }

        var message = Outcome switch
        {
            ActionOutcome.NotAllowedInState => refusal,
            ActionOutcome.Unavailable => "System hpc did not answer. Nothing changed; try again later.",
            _ => "ok",
        };
        return Task.FromResult(new ActionResult(Outcome, null, message));
    }
}
