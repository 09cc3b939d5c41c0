namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// What the decision needs besides the job's row: the time, and what the job's grain holds in memory (a worker slot
/// granted, work running, a wake-up planned, the recovery group's word that a BLOCKED job's condition cleared).
/// </summary>
public sealed record LifecycleContext(
    DateTimeOffset Now, bool SlotGranted = false, bool WorkInFlight = false, bool WakeUpPlanned = false, bool RecoveryCleared = false);
