namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>A user asks to make a hidden job visible again (<c>unhide</c>, <c>restore</c>).</summary>
[GenerateSerializer, Immutable, Alias("aloe.unhide-requested")]
public sealed record UnhideRequested([property: Id(0)] string RequestedBy) : LifecycleEvent;
