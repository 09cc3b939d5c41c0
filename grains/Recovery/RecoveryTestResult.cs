namespace AloeOrleans.Grains.Recovery;

/// <summary>What a test found: whether the condition cleared, and a line for the log and the jobs' history.</summary>
public sealed record RecoveryTestResult(bool Cleared, string Note);
