namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// Suspend the job's remote job (stop a FORK job's process group, hold a pending Slurm job) for a pause. Its result
/// decides the pause, so the grain carries it out in the pause's turn and asks again with <see cref="RemoteSuspended"/>.
/// </summary>
public sealed record SuspendRemoteJob : JobCommand;
