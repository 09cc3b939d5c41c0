namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>A user asks to hide the job.</summary>
[GenerateSerializer, Immutable, Alias("aloe.hide-requested")]
public sealed record HideRequested([property: Id(0)] string RequestedBy) : LifecycleEvent;
