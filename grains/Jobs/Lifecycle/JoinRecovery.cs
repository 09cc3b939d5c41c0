using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// Put the BLOCKED job in the recovery group that tests <see cref="Condition"/> for it (one group per tenant, tester and
/// tester parameters), on <see cref="Target"/> when the failure named what failed. Idempotent: a job already in its
/// group stays as it is.
/// </summary>
public sealed record JoinRecovery(RecoveryCondition Condition, string Reason, RecoveryTarget? Target = null) : JobCommand;
