namespace AloeOrleans.Grains.Execution;

/// <summary>
/// Launches, checks and kills a job's wrapper on an execution system. Launching is idempotent: the wrapper runs
/// the app at most once per work dir, so a launch retried after a crash finds the first run instead of starting another.
/// </summary>
public interface IJobRunner
{
    /// <summary>Starts the wrapper (or finds the one already started) and returns its remote id (FORK: the process group id).</summary>
    Task<string> LaunchAsync(JobWorkspace workspace, CancellationToken cancellationToken);

    Task<RemoteJobStatus> CheckAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken);

    /// <summary>Stops the remote job and everything it started; returns when it is gone or the grace period is over.</summary>
    Task KillAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken);
}
