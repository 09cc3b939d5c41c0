using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Recovery;

/// <summary>A BLOCKED job entering its recovery group: what it waits on, where it stopped, and why.</summary>
[GenerateSerializer, Immutable, Alias("aloe.recovery-ticket")]
public sealed record RecoveryTicket(
    [property: Id(0)] Guid JobUuid,
    [property: Id(1)] string TenantId,
    [property: Id(2)] RecoveryCondition Condition,
    [property: Id(3)] RecoveryTester Tester,
    [property: Id(4)] string TesterParameters,
    [property: Id(5)] JobStatus Phase,
    [property: Id(6)] string Reason,
    [property: Id(7)] DateTimeOffset BlockedAt);
