namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// Something the job grain does for a decision. Most run after the decision's write; those with
/// <see cref="RunsBeforeWrite"/> run first, so that the write records what they did (a remote job that is gone, a
/// reminder that will revive the job).
/// </summary>
public abstract record JobCommand
{
    public virtual bool RunsBeforeWrite => false;
}
