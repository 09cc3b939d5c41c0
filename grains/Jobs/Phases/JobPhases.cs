using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Grains.Quotas;
using AloeOrleans.Grains.Staging;

namespace AloeOrleans.Grains.Jobs.Phases;

/// <summary>
/// The work of each lifecycle phase (docs/lifecycle.md, "What each phase does"), on whatever systems the job uses:
/// files through <see cref="ISystemFiles"/> (this host or SFTP), the run through the execution system's
/// <see cref="IJobRunner"/> (FORK here, FORK over SSH, Slurm over SSH). Every method may be re-run after a crash
/// without harm. The job's lifecycle decides the transitions; this class only does the work and says what it found. Every
/// method that may touch a remote host first hops to the thread pool (<see cref="ThreadPoolHop"/>).
/// </summary>
public sealed class JobPhases(ICatalog catalog, SystemAccess access, InputStager stager, IAppTemplates templates)
{
    /// <summary>PROCESSING_INPUTS: resolves the app and systems and fixes the work dir and the archive path.</summary>
    public async Task<JobRecord> ProcessInputsAsync(JobRecord job, CancellationToken cancellationToken)
    {
        await ThreadPoolHop.Now;
        var app = await RequireAppAsync(job, cancellationToken);
        var system = await RequireSystemAsync(job.TenantId, app.ExecutionSystem, cancellationToken);
        // Fails now, before any staging, when the service cannot run jobs on this system at all.
        access.RunnerOf(system);
        var workDir = await access.FilesOf(job.TenantId, system).ResolveAsync($"{system.WorkDir}/{job.TenantId}/{job.Owner}/job-{job.Uuid}", cancellationToken);
        return job with
        {
            Spec = job.Spec with
            {
                SystemId = system.Id,
                Archive = job.Spec.Archive with
                {
                    Path = job.Spec.Archive.Enabled && job.Spec.Archive.Path.Length == 0 ? DefaultArchivePath(job) : job.Spec.Archive.Path,
                },
            },
            WorkPath = workDir,
        };
    }

    /// <summary>The service default archive folder, under the owner's folder of the archive system.</summary>
    public static string DefaultArchivePath(JobRecord job) => $"{job.Owner}/archive/jobs/job-{job.Uuid}";

    public static bool HasInputs(JobRecord job) => Submission.StagedInputNames.Of(job.Spec.Inputs).Values.Any(files => files.Count > 0);

    /// <summary>STAGING_INPUTS: copies every input into the work dir.</summary>
    public async Task StageInputsAsync(JobRecord job, Func<StagedInput, Task> onStaged, CancellationToken cancellationToken)
    {
        await ThreadPoolHop.Now;
        var workDir = RequireWorkDir(job);
        var files = await ExecutionFilesAsync(job, cancellationToken);
        await files.CreateDirectoryAsync(workDir, cancellationToken);
        await stager.StageAsync(job.TenantId, job.Spec.AppId, job.Spec.Inputs, files, workDir, onStaged, cancellationToken);
    }

    /// <summary>
    /// STAGING_JOB: renders the app's template (refused, before anything is copied, when a placeholder is where its
    /// value would not stay data: the template may have changed since registration, or come from a seed file), copies
    /// the app's assets, writes the app script and the wrapper, records the files present before the run. Returns the
    /// job limits of the execution system and the job's remote queue as the catalog holds them now, which the move to
    /// SUBMITTING must respect.
    /// </summary>
    public async Task<SubmissionLimits> StageJobAsync(JobRecord job, CancellationToken cancellationToken)
    {
        await ThreadPoolHop.Now;
        var app = await RequireAppAsync(job, cancellationToken);
        var workspace = Workspace(job);
        var system = await RequireSystemAsync(job.TenantId, job.Spec.SystemId, cancellationToken);
        var deploymentSystem = await RequireSystemAsync(job.TenantId, app.DeploymentSystem ?? app.ExecutionSystem, cancellationToken);
        var template = await templates.ReadAsync(job.TenantId, app, deploymentSystem, cancellationToken);
        var appScript = WrapperTemplate.Render(template, JobScriptWriter.TemplateValues(Submission.StagedInputNames.Of(job.Spec.Inputs), job.Spec.Parameters));

        var files = access.FilesOf(job.TenantId, system);
        await files.CreateDirectoryAsync(workspace.ControlDir, cancellationToken);
        var deploymentFiles = access.FilesOf(job.TenantId, deploymentSystem);
        var deploymentDir = await deploymentFiles.ResolveAsync(app.DeploymentPath, cancellationToken);
        foreach (var asset in await deploymentFiles.ListFilesAsync(deploymentDir, cancellationToken))
        {
            await deploymentFiles.CopyFileAsync(RemotePaths.Join(deploymentDir, asset), files, RemotePaths.Join(workspace.WorkDir, asset), cancellationToken);
        }

        var wrapper = await access.RunnerOf(system).WrapperScriptAsync(workspace, Resources(job), system.Environment, cancellationToken);
        await JobScriptWriter.WriteAsync(files, workspace, appScript, wrapper, cancellationToken);
        await WorkDirManifest.WriteAsync(files, workspace, cancellationToken);
        return SubmissionLimits.For(system, job.Spec.Resources.RemoteQueue);
    }

    /// <summary>
    /// SUBMITTING: launches the wrapper, or finds the one a crashed attempt launched. Says whether the system queues
    /// launched jobs (a batch scheduler: QUEUED, and the remote id is the scheduler's job id) rather than running them at
    /// once (FORK: RUNNING).
    /// </summary>
    public async Task<Lifecycle.Launched> LaunchAsync(JobRecord job, CancellationToken cancellationToken)
    {
        await ThreadPoolHop.Now;
        var runner = await RunnerAsync(job.TenantId, job.Spec.SystemId, cancellationToken);
        var remoteJobId = await runner.LaunchAsync(Workspace(job), Resources(job), AttemptOf(job), cancellationToken);
        return new Lifecycle.Launched(remoteJobId, runner.QueuesJobs, runner.QueuesJobs ? remoteJobId : null);
    }

    /// <summary>
    /// Whether this launch is provably the job's first (docs/lifecycle.md, "What each phase does"). The launch runs only
    /// after the write that counted it (<c>submitRetries</c>, with the row's optimistic version) was committed, so every
    /// attempt number is stored once, before its launch, and never again: a launch that sees 1 has no earlier attempt that
    /// can have started anything. Any other count, 0 included (an attempt that was not counted), may follow one.
    /// </summary>
    public static LaunchAttempt AttemptOf(JobRecord job) => job.SubmitRetries == 1 ? LaunchAttempt.First : LaunchAttempt.Retry;

    public async Task<RemoteJobStatus> CheckAsync(JobRecord job, CancellationToken cancellationToken)
    {
        await ThreadPoolHop.Now;
        return await (await RunnerAsync(job.TenantId, job.Spec.SystemId, cancellationToken)).CheckAsync(Workspace(job), job.RemoteJobId ?? "", cancellationToken);
    }

    /// <summary>Whether the checks of this system's jobs are worth collecting into one query (<see cref="IJobRunner.BatchesChecks"/>).</summary>
    public async Task<bool> BatchesChecksAsync(string tenantId, string systemId, CancellationToken cancellationToken) =>
        (await RunnerAsync(tenantId, systemId, cancellationToken)).BatchesChecks;

    /// <summary>The status of many jobs of one execution system in one scheduler query, with the commands it took.</summary>
    public async Task<RemoteCheckBatch> CheckManyAsync(string tenantId, string systemId,
        IReadOnlyList<(JobWorkspace Workspace, string RemoteJobId)> jobs, CancellationToken cancellationToken)
    {
        await ThreadPoolHop.Now;
        return await (await RunnerAsync(tenantId, systemId, cancellationToken)).CheckManyAsync(jobs, cancellationToken);
    }

    /// <summary>Kills the job's remote work; without a recorded remote id the runner looks for one a crashed launch left behind.</summary>
    public async Task KillAsync(JobRecord job, CancellationToken cancellationToken)
    {
        await ThreadPoolHop.Now;
        if (job.WorkPath is not null)
        {
            await (await RunnerAsync(job.TenantId, job.Spec.SystemId, cancellationToken)).KillAsync(Workspace(job), job.RemoteJobId ?? "", cancellationToken);
        }
    }

    /// <summary>
    /// Suspends the QUEUED or RUNNING job's remote job for a pause. A state the system cannot suspend
    /// (<see cref="IJobRunner.SuspendableStates"/>: a running Slurm job) is refused without asking the system; the
    /// runner checks the remote job's actual state itself, since it may have moved on since the last status check.
    /// </summary>
    public async Task<SuspensionResult> SuspendAsync(JobRecord job, CancellationToken cancellationToken)
    {
        await ThreadPoolHop.Now;
        var system = await RequireSystemAsync(job.TenantId, job.Spec.SystemId, cancellationToken);
        var runner = access.RunnerOf(system);
        var state = Lifecycle.PauseRules.RemoteStateOf(job.Status);
        if (state is not { } remoteState || !runner.SuspendableStates.Contains(remoteState))
        {
            return SuspensionResult.NotPossible(Lifecycle.PauseRules.Unsuspendable(job.Status, system.Scheduler, runner.SuspendableStates));
        }

        return await runner.SuspendAsync(Workspace(job), job.RemoteJobId ?? "", cancellationToken);
    }

    /// <summary>Continues the remote job a pause suspended (idempotent: one that is not suspended is left as it is).</summary>
    public async Task<SuspensionResult> ContinueAsync(JobRecord job, CancellationToken cancellationToken)
    {
        await ThreadPoolHop.Now;
        var runner = await RunnerAsync(job.TenantId, job.Spec.SystemId, cancellationToken);
        return await runner.ContinueAsync(Workspace(job), job.RemoteJobId ?? "", cancellationToken);
    }

    /// <summary>
    /// CLEANING_UP: what the outcome needs (<see cref="Lifecycle.JobLifecycle"/> decides it): the remote job's final status
    /// when monitoring fixed no outcome (a job that ended before monitoring saw it), and whether the app archives after a
    /// failure (an app that no longer exists keeps the default, yes).
    /// </summary>
    public async Task<Lifecycle.CleanedUp> CleanUpAsync(JobRecord job, CancellationToken cancellationToken)
    {
        await ThreadPoolHop.Now;
        var finalStatus = job.RemoteOutcome is null ? await CheckAsync(job, cancellationToken) : null;
        var app = await catalog.FindAppAsync(job.TenantId, job.Spec.AppId, cancellationToken);
        return new Lifecycle.CleanedUp(finalStatus, app?.ArchiveOnAppError != false);
    }

    /// <summary>ARCHIVING: copies what the run created to <c>archiveSystem:archivePath</c>; returns the number of files.</summary>
    public async Task<int> ArchiveAsync(JobRecord job, CancellationToken cancellationToken)
    {
        await ThreadPoolHop.Now;
        var archiveSystem = await RequireSystemAsync(job.TenantId, job.Spec.Archive.SystemId, cancellationToken);
        return await OutputArchiver.ArchiveAsync(await ExecutionFilesAsync(job, cancellationToken), Workspace(job),
            access.FilesOf(job.TenantId, archiveSystem), job.Spec.Archive.Path, cancellationToken);
    }

    /// <summary>What the job asks its execution system for (at least one node and one processor).</summary>
    public static JobResourceRequest Resources(JobRecord job) => job.Spec.Resources with
    {
        NodeCount = Math.Max(1, job.Spec.Resources.NodeCount),
        ProcessorsPerNode = Math.Max(1, job.Spec.Resources.ProcessorsPerNode),
    };

    public static JobWorkspace Workspace(JobRecord job) => new(RequireWorkDir(job), job.Uuid, job.Spec.Name);

    private static string RequireWorkDir(JobRecord job) =>
        job.WorkPath ?? throw new JobPhaseException($"Job {job.Uuid} has no work dir yet.");

    private async Task<ISystemFiles> ExecutionFilesAsync(JobRecord job, CancellationToken cancellationToken) =>
        access.FilesOf(job.TenantId, await RequireSystemAsync(job.TenantId, job.Spec.SystemId, cancellationToken));

    private async Task<IJobRunner> RunnerAsync(string tenantId, string systemId, CancellationToken cancellationToken) =>
        access.RunnerOf(await RequireSystemAsync(tenantId, systemId, cancellationToken));

    private async Task<AppDefinition> RequireAppAsync(JobRecord job, CancellationToken cancellationToken) =>
        await catalog.FindAppAsync(job.TenantId, job.Spec.AppId, cancellationToken)
        ?? throw new JobPhaseException($"App {job.Spec.AppId} no longer exists in tenant {job.TenantId}.");

    private async Task<SystemDefinition> RequireSystemAsync(string tenantId, string systemId, CancellationToken cancellationToken) =>
        await catalog.FindSystemAsync(tenantId, systemId, cancellationToken)
        ?? throw new JobPhaseException($"System {systemId} does not exist in tenant {tenantId}.");
}
