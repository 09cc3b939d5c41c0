namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>A user asks to pause the job.</summary>
[GenerateSerializer, Immutable, Alias("aloe.pause-requested")]
public sealed record PauseRequested([property: Id(0)] string RequestedBy) : LifecycleEvent;
