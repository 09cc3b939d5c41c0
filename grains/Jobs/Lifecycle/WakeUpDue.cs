namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>A wake-up the job asked for (<see cref="WakeUpIn"/>) is due: the next status check, or a retry.</summary>
[GenerateSerializer, Immutable, Alias("aloe.wake-up-due")]
public sealed record WakeUpDue : LifecycleEvent;
