using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>The recovery group's policy gave up on <see cref="Condition"/> after <see cref="Attempts"/> tests over <see cref="Elapsed"/>.</summary>
[GenerateSerializer, Immutable, Alias("aloe.recovery-gave-up")]
public sealed record RecoveryGaveUp(
    [property: Id(0)] RecoveryCondition Condition,
    [property: Id(1)] TimeSpan Elapsed,
    [property: Id(2)] int Attempts,
    [property: Id(3)] string LastResult) : LifecycleEvent;
