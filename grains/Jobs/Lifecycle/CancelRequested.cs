namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>A user asks to cancel the job.</summary>
[GenerateSerializer, Immutable, Alias("aloe.cancel-requested")]
public sealed record CancelRequested([property: Id(0)] string RequestedBy) : LifecycleEvent;
