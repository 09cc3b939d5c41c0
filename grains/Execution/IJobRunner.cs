using AloeOrleans.GrainInterfaces.Jobs;
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
    /// Whether <see cref="CheckManyAsync"/> costs about the same for many jobs as for one (one scheduler query, one remote
    /// command), so that the system's monitor gains by collecting the checks of a tick before it asks. False for a
    /// runner whose checks are one cheap look per job (FORK on this host): its monitor asks at once.
    /// </summary>
    bool BatchesChecks => true;

    /// <summary>
    /// The wrapper script for <paramref name="workspace"/>, written at STAGING_JOB: how the app is started on this
    /// system with the system's <paramref name="environment"/> and the job's <paramref name="resources"/>. By default
    /// the remote login's own environment with the variables exported (<see cref="JobScriptWriter.Wrapper"/>).
    /// </summary>
    Task<string> WrapperScriptAsync(JobWorkspace workspace, JobResourceRequest resources, IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken) =>
        Task.FromResult(JobScriptWriter.Wrapper(workspace, environment));

    /// <summary>
    /// Starts the wrapper (or, unless this is the job's <see cref="LaunchAttempt.First"/> attempt, finds the one an
    /// earlier attempt started) and returns its remote id (FORK: the process group id).
    /// </summary>
    Task<string> LaunchAsync(JobWorkspace workspace, JobResourceRequest resources, LaunchAttempt attempt, CancellationToken cancellationToken);

    Task<RemoteJobStatus> CheckAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken);

    /// <summary>
    /// The status of many jobs of this system in one scheduler query (one <c>squeue</c>, one probe), whatever their
    /// number; results in the order given, with the commands it took.
    /// </summary>
    Task<RemoteCheckBatch> CheckManyAsync(IReadOnlyList<(JobWorkspace Workspace, string RemoteJobId)> jobs,
        CancellationToken cancellationToken);

    /// <summary>
    /// Stops the remote job and everything it started, a suspended one too; returns when it is gone or the grace
    /// period is over.
    /// </summary>
    Task KillAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken);

    /// <summary>
    /// The states (as <see cref="CheckAsync"/> reports them) in which <see cref="SuspendAsync"/> can suspend a job on
    /// this system: FORK jobs while <see cref="RemoteJobState.Running"/> (the process group is stopped), Slurm jobs
    /// while <see cref="RemoteJobState.Queued"/> (the pending job is held), so a caller can refuse other states without
    /// asking the system. <see cref="SuspendAsync"/> checks the job's actual state itself all the same: it may have
    /// moved on since it was last seen.
    /// </summary>
    IReadOnlySet<RemoteJobState> SuspendableStates { get; }

    /// <summary>
    /// Suspends the remote job: FORK stops its whole process group (SIGSTOP), Slurm holds a pending job
    /// (<c>scontrol hold</c>). Idempotent. An empty <paramref name="remoteJobId"/> (a launch whose id was never
    /// recorded) is found like <see cref="KillAsync"/> finds it.
    /// </summary>
    Task<SuspensionResult> SuspendAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken);

    /// <summary>
    /// Undoes <see cref="SuspendAsync"/>: FORK continues the process group (SIGCONT), Slurm releases the hold
    /// (<c>scontrol release</c>). Idempotent: a job that is not suspended is left as it is and the answer is
    /// <see cref="SuspensionOutcome.Done"/>.
    /// </summary>
    Task<SuspensionResult> ContinueAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken);
}
