namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>A user asks to resume the PAUSED job.</summary>
[GenerateSerializer, Immutable, Alias("aloe.resume-requested")]
public sealed record ResumeRequested([property: Id(0)] string RequestedBy) : LifecycleEvent;
