using AloeOrleans.Grains.Execution;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// What <see cref="SuspendRemoteJob"/> did to the QUEUED or RUNNING job's remote job, for the pause
/// <see cref="RequestedBy"/> asked: suspended it (the job is PAUSED), or could not (the pause is refused).
/// </summary>
[GenerateSerializer, Immutable, Alias("aloe.remote-suspended")]
public sealed record RemoteSuspended(
    [property: Id(0)] string RequestedBy,
    [property: Id(1)] SuspensionResult Result) : LifecycleEvent;
