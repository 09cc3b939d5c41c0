namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// The grain could not carry out a decision (the write, the reminder service, the tenant queue, a kill): nothing after
/// the failed step happened.
/// </summary>
[GenerateSerializer, Immutable, Alias("aloe.decision-not-carried-out")]
public sealed record DecisionNotCarriedOut([property: Id(0)] JobFailure Failure) : LifecycleEvent;
