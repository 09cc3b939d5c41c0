namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>The work with I/O the job grain runs outside its turn, one at a time; each ends in a <see cref="LifecycleEvent"/>.</summary>
public enum JobWork
{
    /// <summary>PROCESSING_INPUTS: resolve the app and systems, choose the work dir.</summary>
    ProcessInputs,

    /// <summary>STAGING_INPUTS: copy every input into the work dir.</summary>
    StageInputs,

    /// <summary>STAGING_JOB: the app's assets, the script and the wrapper.</summary>
    StageJob,

    /// <summary>SUBMITTING: launch (or find the earlier launch of) the wrapper.</summary>
    Launch,

    /// <summary>QUEUED/RUNNING: one status check through the system's monitor.</summary>
    CheckStatus,

    /// <summary>CLEANING_UP: the facts the outcome needs (the final status when monitoring fixed none, the app's archive rule).</summary>
    CleanUp,

    /// <summary>ARCHIVING: copy the run's outputs to the archive system.</summary>
    Archive,
}
