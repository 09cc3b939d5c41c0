namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>The job no longer waits in a recovery group (it resumed, or it was cancelled).</summary>
public sealed record LeaveRecovery : JobCommand;
