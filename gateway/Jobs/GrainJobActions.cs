using AloeOrleans.Gateway.Auth;
using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Gateway.Jobs;

/// <summary><see cref="IJobActions"/> carried out by the job's grain, the only writer of its status.</summary>
public sealed class GrainJobActions(IGrainFactory grainFactory) : IJobActions
{
    public Task<ActionResult> CancelAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken) =>
        grainFactory.GetGrain<IJobGrain>(jobUuid).CancelAsync(caller.User);

    public Task<ActionResult> PauseAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken) =>
        grainFactory.GetGrain<IJobGrain>(jobUuid).PauseAsync(caller.User);

    public Task<ActionResult> ResumeAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken) =>
        grainFactory.GetGrain<IJobGrain>(jobUuid).ResumePausedAsync(caller.User);

    public Task<ActionResult> HideAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken) =>
        grainFactory.GetGrain<IJobGrain>(jobUuid).HideAsync(caller.User);

    public Task<ActionResult> UnhideAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken) =>
        grainFactory.GetGrain<IJobGrain>(jobUuid).UnhideAsync(caller.User);

    public Task<ActionResult> AddHistoryNoteAsync(Guid jobUuid, JobHistoryNote note, CancellationToken cancellationToken) =>
        grainFactory.GetGrain<IJobGrain>(jobUuid).AddHistoryNoteAsync(note);
}
