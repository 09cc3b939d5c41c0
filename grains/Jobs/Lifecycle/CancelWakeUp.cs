namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// Drop the planned wake-up: what it was planned for has happened (a resumed job got the worker slot it was to ask for
/// again), and a planned wake-up would hold back the work of the new status until it fired.
/// </summary>
public sealed record CancelWakeUp : JobCommand;
