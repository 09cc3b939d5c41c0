namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>Interrupt the work in flight (a transfer, a status check) and drop any planned wake-up: the job stopped here.</summary>
public sealed record StopWork : JobCommand;
