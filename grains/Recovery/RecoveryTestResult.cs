namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// What a test found: whether the condition cleared, and a line for the log and the jobs' history. When it cleared,
/// <see cref="ReleaseAtMost"/> is how many of the group's jobs it admits (a quota's room; every job by default): only
/// that many go, oldest first, and the others go on waiting.
/// </summary>
public sealed record RecoveryTestResult(bool Cleared, string Note, int ReleaseAtMost = int.MaxValue);
