namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// Kill the job's remote work (its wrapper's process group, its Slurm job). Without a <see cref="RemoteJobId"/> the
/// runner looks for what a launch may have left behind.
/// </summary>
public sealed record KillRemoteJob(string? RemoteJobId) : JobCommand
{
    public override bool RunsBeforeWrite => true;
}
