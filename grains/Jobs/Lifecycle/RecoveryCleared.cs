namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>The recovery group's test passed: the BLOCKED job may go back, through its tenant queue, to where it stopped.</summary>
[GenerateSerializer, Immutable, Alias("aloe.recovery-cleared")]
public sealed record RecoveryCleared : LifecycleEvent;
