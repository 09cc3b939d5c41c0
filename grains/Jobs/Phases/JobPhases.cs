using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Staging;

namespace AloeOrleans.Grains.Jobs.Phases;

/// <summary>
/// The work of each lifecycle phase (spec/lifecycle.md, "What each phase does") for jobs whose execution system is
/// reachable from this host. Every method may be re-run after a crash without harm. The job grain decides the
/// transitions; this class only does the work and says what it found.
/// </summary>
public sealed class JobPhases(ICatalog catalog, SystemRoots roots, InputStager stager, IJobRunner runner)
{
    /// <summary>PROCESSING_INPUTS: resolves the app and systems and fixes the work dir and the archive path.</summary>
    public async Task<JobRecord> ProcessInputsAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var app = await catalog.FindAppAsync(job.TenantId, job.AppId, cancellationToken)
                  ?? throw new JobPhaseException($"App {job.AppId} no longer exists in tenant {job.TenantId}.");
        var system = await RequireSystemAsync(job.TenantId, app.ExecutionSystem, cancellationToken);
        var workDir = SafePath.Resolve(roots.StorageRoot(system), $"{system.WorkDir}/{job.TenantId}/{job.Owner}/job-{job.Uuid}");
        return job with
        {
            SystemId = system.Id,
            WorkPath = workDir,
            ArchivePath = job.Archive && job.ArchivePath.Length == 0 ? DefaultArchivePath(job) : job.ArchivePath,
        };
    }

    /// <summary>The service default archive folder, under the owner's folder of the archive system.</summary>
    public static string DefaultArchivePath(JobRecord job) => $"{job.Owner}/archive/jobs/job-{job.Uuid}";

    public static bool HasInputs(JobRecord job) => InputStager.StagedNames(job.Inputs).Values.Any(files => files.Count > 0);

    /// <summary>STAGING_INPUTS: copies every input into the work dir.</summary>
    public async Task StageInputsAsync(JobRecord job, Func<StagedInput, Task> onStaged, CancellationToken cancellationToken)
    {
        var workDir = RequireWorkDir(job);
        Directory.CreateDirectory(workDir);
        await stager.StageAsync(job.TenantId, job.Inputs, workDir, onStaged, cancellationToken);
    }

    /// <summary>STAGING_JOB: copies the app's assets, renders its template and the wrapper, records the files present before the run.</summary>
    public async Task StageJobAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var app = await catalog.FindAppAsync(job.TenantId, job.AppId, cancellationToken)
                  ?? throw new JobPhaseException($"App {job.AppId} no longer exists in tenant {job.TenantId}.");
        var workspace = Workspace(job);
        Directory.CreateDirectory(workspace.WorkDir);
        var deploymentSystem = await RequireSystemAsync(job.TenantId, app.DeploymentSystem ?? app.ExecutionSystem, cancellationToken);
        var deploymentDir = SafePath.Resolve(roots.StorageRoot(deploymentSystem), app.DeploymentPath);
        var templateFile = SafePath.Resolve(deploymentDir, app.TemplatePath);
        if (!File.Exists(templateFile))
        {
            throw new JobPhaseException($"The template {app.TemplatePath} of app {app.Id} is missing from {deploymentSystem.Id}:{app.DeploymentPath}.");
        }

        foreach (var asset in WorkDirManifest.List(deploymentDir))
        {
            var target = SafePath.Resolve(workspace.WorkDir, asset);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(deploymentDir, asset), target, overwrite: true);
        }

        var system = await RequireSystemAsync(job.TenantId, job.SystemId, cancellationToken);
        var values = JobScriptWriter.TemplateValues(InputStager.StagedNames(job.Inputs), job.Parameters);
        var template = await File.ReadAllTextAsync(templateFile, cancellationToken);
        await JobScriptWriter.WriteAsync(workspace, template, values, system.Environment, cancellationToken);
        await WorkDirManifest.WriteAsync(workspace, cancellationToken);
    }

    /// <summary>SUBMITTING: launches the wrapper, or finds the one a crashed attempt launched. Returns the remote job id.</summary>
    public Task<string> LaunchAsync(JobRecord job, CancellationToken cancellationToken) => runner.LaunchAsync(Workspace(job), cancellationToken);

    public Task<RemoteJobStatus> CheckAsync(JobRecord job, CancellationToken cancellationToken) =>
        runner.CheckAsync(Workspace(job), job.RemoteJobId ?? "", cancellationToken);

    /// <summary>Kills the job's remote work; without a recorded remote id the runner looks for one a crashed launch left behind.</summary>
    public Task KillAsync(JobRecord job, CancellationToken cancellationToken) =>
        job.WorkPath is null ? Task.CompletedTask : runner.KillAsync(Workspace(job), job.RemoteJobId ?? "", cancellationToken);

    /// <summary>
    /// CLEANING_UP: decides the outcome. An outcome monitoring already fixed (lost job, scheduler failure) stands;
    /// otherwise the exit code the wrapper recorded decides. A failure skips archiving when the app says so.
    /// </summary>
    public async Task<(RemoteOutcome Outcome, string Message)> CleanUpAsync(JobRecord job, CancellationToken cancellationToken)
    {
        if (job.RemoteOutcome == RemoteOutcome.FAILED_SKIP_ARCHIVE)
        {
            return (RemoteOutcome.FAILED_SKIP_ARCHIVE, job.LastStatusMessage);
        }

        RemoteOutcome outcome;
        string message;
        if (job.RemoteOutcome == RemoteOutcome.FAILED)
        {
            (outcome, message) = (RemoteOutcome.FAILED, job.LastStatusMessage);
        }
        else
        {
            var status = await runner.CheckAsync(Workspace(job), job.RemoteJobId ?? "", cancellationToken);
            (outcome, message) = status switch
            {
                { State: RemoteJobState.Completed, ExitCode: 0 } => (RemoteOutcome.FINISHED, "The app finished with exit code 0."),
                { State: RemoteJobState.Completed or RemoteJobState.Failed } => (RemoteOutcome.FAILED, status.Message ?? "The app failed."),
                _ => (RemoteOutcome.FAILED_SKIP_ARCHIVE, status.Message ?? "The app ended without recording an exit code."),
            };
        }

        if (outcome == RemoteOutcome.FAILED
            && (await catalog.FindAppAsync(job.TenantId, job.AppId, cancellationToken))?.ArchiveOnAppError == false)
        {
            outcome = RemoteOutcome.FAILED_SKIP_ARCHIVE;
        }

        return (outcome, message);
    }

    /// <summary>ARCHIVING: copies what the run created to <c>archiveSystem:archivePath</c>; returns the number of files.</summary>
    public async Task<int> ArchiveAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var archiveSystem = await RequireSystemAsync(job.TenantId, job.ArchiveSystem, cancellationToken);
        return await OutputArchiver.ArchiveAsync(Workspace(job), roots.StorageRoot(archiveSystem), job.ArchivePath, cancellationToken);
    }

    public static JobWorkspace Workspace(JobRecord job) => new(RequireWorkDir(job), job.Uuid, job.Name);

    private static string RequireWorkDir(JobRecord job) =>
        job.WorkPath ?? throw new JobPhaseException($"Job {job.Uuid} has no work dir yet.");

    private async Task<SystemDefinition> RequireSystemAsync(string tenantId, string systemId, CancellationToken cancellationToken) =>
        await catalog.FindSystemAsync(tenantId, systemId, cancellationToken)
        ?? throw new JobPhaseException($"System {systemId} does not exist in tenant {tenantId}.");
}
