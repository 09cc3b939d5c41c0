using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Tests.Gateway;

/// <summary>Cancels by answering <see cref="Outcome"/>; records the calls.</summary>
internal sealed class FakeJobActions : IJobActions
{
    public ActionOutcome Outcome { get; set; } = ActionOutcome.Done;

    public List<(Guid Job, Caller Caller)> Cancelled { get; } = [];

    public Task<ActionResult> CancelAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken)
    {
        Cancelled.Add((jobUuid, caller));
        var message = Outcome == ActionOutcome.NotAllowedInState ? "Job is already FINISHED; it cannot be cancelled." : "ok";
        return Task.FromResult(new ActionResult(Outcome, null, message));
    }
}
