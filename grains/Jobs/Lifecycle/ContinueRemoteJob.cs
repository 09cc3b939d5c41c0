namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// Undo <see cref="SuspendRemoteJob"/> as a PAUSED job goes back to QUEUED or RUNNING: continue the process group,
/// release the Slurm job's hold. It runs before the write, which records what it did; a remote job that ended while
/// paused is left to the next status check.
/// </summary>
public sealed record ContinueRemoteJob : JobCommand
{
    public override bool RunsBeforeWrite => true;
}
