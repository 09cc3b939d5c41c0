namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// Kill the job's remote work (its wrapper's process group, its Slurm job). Without a <see cref="RemoteJobId"/> the
/// runner looks for what a launch may have left behind. A <paramref name="Retry"/> is the kill a cancel left pending: if it
/// fails again, nothing of its decision is written and the next reminder tick tries again.
/// </summary>
public sealed record KillRemoteJob(string? RemoteJobId, bool Retry = false) : JobCommand
{
    public override bool RunsBeforeWrite => true;
}
