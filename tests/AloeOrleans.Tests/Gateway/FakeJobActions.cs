using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Tests.Gateway;

/// <summary>Cancels by answering <see cref="Outcome"/> (or failing with <see cref="Failure"/>); records the calls.</summary>
internal sealed class FakeJobActions : IJobActions
{
    public ActionOutcome Outcome { get; set; } = ActionOutcome.Done;

    /// <summary>When set, every cancel fails with it, as a failed grain call would.</summary>
    public Exception? Failure { get; set; }

    public List<(Guid Job, Caller Caller)> Cancelled { get; } = [];

    public Task<ActionResult> CancelAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken)
    {
        Cancelled.Add((jobUuid, caller));
        if (Failure is { } failure)
        {
            return Task.FromException<ActionResult>(failure);
        }

        var message = Outcome == ActionOutcome.NotAllowedInState ? "Job is already FINISHED; it cannot be cancelled." : "ok";
        return Task.FromResult(new ActionResult(Outcome, null, message));
    }
}
