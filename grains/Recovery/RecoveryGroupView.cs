namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// A recovery group as a tenant admin sees it: its test (condition, tester and parameters: never a secret), its policy's
/// state, how many jobs it holds and how many of them still wait (the others were told the condition cleared and are on
/// their way back), and a page of its jobs (empty in a list). Condition and tester are the stored words.
/// </summary>
public sealed record RecoveryGroupView(
    string Key,
    string Condition,
    string Tester,
    string TesterParameters,
    string Policy,
    DateTimeOffset FirstBlocked,
    int Attempts,
    DateTimeOffset? LastAttempt,
    DateTimeOffset NextAttempt,
    string LastResult,
    int JobCount,
    int WaitingJobCount,
    IReadOnlyList<RecoveryGroupJob> Jobs);
