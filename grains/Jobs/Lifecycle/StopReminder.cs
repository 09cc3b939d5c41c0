namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>The job is over: its reminder goes.</summary>
public sealed record StopReminder : JobCommand;
