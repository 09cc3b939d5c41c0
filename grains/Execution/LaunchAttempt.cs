namespace AloeOrleans.Grains.Execution;

/// <summary>
/// Whether an earlier attempt to launch the same job can have started anything (docs/lifecycle.md, "What each phase
/// does", SUBMITTING). A runner whose look-up for an earlier launch costs a round trip to the system (Slurm: squeue and
/// sacct by job name) skips it for <see cref="First"/>; a cheap look-up (FORK: the wrapper's started marker) is made
/// either way.
/// </summary>
public enum LaunchAttempt
{
    /// <summary>
    /// No earlier attempt of this job was ever stored, so none can have launched: the attempt number is committed before
    /// each launch, and this is number 1.
    /// </summary>
    First,

    /// <summary>An earlier attempt was stored and may have launched (a crash, a lost answer, a retry): look for its job first.</summary>
    Retry,
}
