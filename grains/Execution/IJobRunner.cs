namespace AloeOrleans.Grains.Execution;

/// <summary>
/// Launches, checks and kills a job's wrapper on an execution system. Launching is idempotent: the wrapper runs
/// the app at most once per work dir, so a launch retried after a crash finds the first run instead of starting another.
/// </summary>
public interface IJobRunner
{
    /// <summary>Whether launched jobs first wait in a batch queue (QUEUED) rather than run at once (FORK: RUNNING).</summary>
    bool QueuesJobs { get; }

    /// <summary>
    /// The wrapper script for <paramref name="workspace"/>, written at STAGING_JOB: how the app is started on this
    /// system with the system's <paramref name="environment"/> and the job's <paramref name="resources"/>. By default
    /// the remote login's own environment with the variables exported (<see cref="JobScriptWriter.Wrapper"/>).
    /// </summary>
    Task<string> WrapperScriptAsync(JobWorkspace workspace, JobResources resources, IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken) =>
        Task.FromResult(JobScriptWriter.Wrapper(workspace, environment));

    /// <summary>Starts the wrapper (or finds the one already started) and returns its remote id (FORK: the process group id).</summary>
    Task<string> LaunchAsync(JobWorkspace workspace, JobResources resources, CancellationToken cancellationToken);

    Task<RemoteJobStatus> CheckAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken);

    /// <summary>
    /// The status of many jobs of this system in one scheduler query (one <c>squeue</c>, one probe), whatever their
    /// number; results in the order given, with the commands it took.
    /// </summary>
    Task<RemoteCheckBatch> CheckManyAsync(IReadOnlyList<(JobWorkspace Workspace, string RemoteJobId)> jobs,
        CancellationToken cancellationToken);

    /// <summary>Stops the remote job and everything it started; returns when it is gone or the grace period is over.</summary>
    Task KillAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken);
}
