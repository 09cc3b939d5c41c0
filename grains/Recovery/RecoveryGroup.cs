using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Recovery;

/// <summary>A recovery group as stored: its test, its policy's state, and its jobs, oldest first (by acceptance, then block).</summary>
public sealed record RecoveryGroup(
    string Key,
    string TenantId,
    RecoveryCondition Condition,
    RecoveryTester Tester,
    string TesterParameters,
    string Policy,
    DateTimeOffset FirstBlocked,
    int Attempts,
    DateTimeOffset? LastAttempt,
    DateTimeOffset NextAttempt,
    string LastResult,
    IReadOnlyList<RecoveryMember> Jobs);
