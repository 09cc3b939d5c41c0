namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// Come back after <see cref="Delay"/> with <see cref="WakeUpDue"/> (the next status check, a retry). It replaces a
/// wake-up already planned; <see cref="Reason"/> is for the log.
/// </summary>
public sealed record WakeUpIn(TimeSpan Delay, string Reason) : JobCommand;
