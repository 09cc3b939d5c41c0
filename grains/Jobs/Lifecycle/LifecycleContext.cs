namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// What the decision needs besides the job's row: the time, and what the job's grain holds in memory (a worker slot
/// granted while PENDING, work running, a wake-up planned).
/// </summary>
public sealed record LifecycleContext(DateTimeOffset Now, bool SlotGranted = false, bool WorkInFlight = false, bool WakeUpPlanned = false);
