using AloeOrleans.GrainInterfaces.Jobs;
using System.Collections.Frozen;
using System.Diagnostics;
using System.Globalization;
using AloeOrleans.Grains.Execution.Local;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Execution;

/// <summary>
/// FORK on this host: the wrapper runs as the leader of a new session (so it outlives a crash of the service and
/// its whole process group can be killed on cancel); its pid is the remote job id. The app runs as the run-as user
/// (<see cref="LocalRunAsAccount"/>) with only the allow-listed environment and within limits
/// (<see cref="LocalWrapperScript"/>); the work dir is handed to that user just before launch (<see cref="WorkDirHandOver"/>).
/// The wrapper itself starts with nothing of the service's environment but PATH and LANG.
/// </summary>
public sealed partial class LocalForkRunner(IOptions<ExecutionOptions> options, LocalRunAsAccount account, TimeProvider timeProvider,
    ILogger<LocalForkRunner> logger) : IJobRunner
{
    private static readonly FrozenSet<RemoteJobState> Suspendable = new[] { RemoteJobState.Running }.ToFrozenSet();

    public bool QueuesJobs => false;

    public IReadOnlySet<RemoteJobState> SuspendableStates => Suspendable;

    public async Task<string> WrapperScriptAsync(JobWorkspace workspace, JobResourceRequest resources, IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken) =>
        LocalWrapperScript.Render(workspace, await account.IdentityAsync(cancellationToken),
            LocalJobEnvironment.For(options.Value.LocalPath, workspace.WorkDir, ServiceLang, environment),
            LocalJobLimits.For(options.Value, resources));

    /// <remarks>The started marker is looked at on every attempt: it costs one stat and it is the wrapper's own at-most-once guard.</remarks>
    public async Task<string> LaunchAsync(JobWorkspace workspace, JobResourceRequest resources, LaunchAttempt attempt, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(workspace.StartedMarker))
        {
            WorkDirHandOver.HandOver(workspace, await account.IdentityAsync(cancellationToken));

            // setsid --fork returns at once; the wrapper detaches into its own session and process group.
            var start = new ProcessStartInfo("setsid", ["--fork", "bash", workspace.WrapperScript])
            {
                UseShellExecute = false,
                WorkingDirectory = workspace.WorkDir,
            };
            start.Environment.Clear();
            start.Environment["PATH"] = options.Value.LocalPath;
            start.Environment["LANG"] = string.IsNullOrEmpty(ServiceLang) ? LocalJobEnvironment.DefaultLang : ServiceLang;
            using var process = Process.Start(start) ?? throw new InvalidOperationException("setsid could not be started.");
            await process.WaitForExitAsync(cancellationToken);
            LogLaunched(logger, workspace.JobUuid, workspace.WorkDir);
        }

        var deadline = timeProvider.GetUtcNow() + options.Value.LaunchTimeout;
        while (!File.Exists(workspace.PidFile))
        {
            if (timeProvider.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"The job wrapper did not record its pid within {options.Value.LaunchTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), timeProvider, cancellationToken);
        }

        return (await File.ReadAllTextAsync(workspace.PidFile, cancellationToken)).Trim();
    }

    public Task<RemoteJobStatus> CheckAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken) =>
        StatusAsync(() => RecordedExitAsync(workspace, cancellationToken), () => IsOurWrapper(remoteJobId), remoteJobId);

    /// <summary>
    /// The job's status from its recorded exit and its wrapper process, looked at in that order and then the exit once
    /// more: the wrapper records the exit code and only then ends, so a job that ended between the first two looks has
    /// its code by the third. Without it, such a job was reported vanished (and failed) although it had finished.
    /// </summary>
    internal static async Task<RemoteJobStatus> StatusAsync(Func<Task<RemoteJobStatus?>> recordedExit, Func<bool> wrapperRunning, string remoteJobId)
    {
        if (await recordedExit() is { } ended)
        {
            return ended;
        }

        if (wrapperRunning())
        {
            return new RemoteJobStatus(RemoteJobState.Running);
        }

        return await recordedExit()
               ?? new RemoteJobStatus(RemoteJobState.Vanished, null, $"Process {remoteJobId} ended without recording an exit code.");
    }

    /// <summary>The status the exit code file gives, or null while there is none.</summary>
    private static async Task<RemoteJobStatus?> RecordedExitAsync(JobWorkspace workspace, CancellationToken cancellationToken)
    {
        if (!File.Exists(workspace.ExitCodeFile))
        {
            return null;
        }

        var text = (await File.ReadAllTextAsync(workspace.ExitCodeFile, cancellationToken)).Trim();
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var exitCode)
            ? new RemoteJobStatus(RemoteJobState.Completed, exitCode, $"The app exited with code {exitCode}.")
            : new RemoteJobStatus(RemoteJobState.Vanished, null, $"The exit code file holds '{text}', not a number.");
    }

    /// <summary>A check reads the job's files and /proc: there is nothing to gain by waiting for other checks.</summary>
    public bool BatchesChecks => false;

    /// <summary>Local checks read files and /proc; no scheduler is asked.</summary>
    public async Task<RemoteCheckBatch> CheckManyAsync(
        IReadOnlyList<(JobWorkspace Workspace, string RemoteJobId)> jobs, CancellationToken cancellationToken)
    {
        var statuses = new List<RemoteJobStatus>(jobs.Count);
        foreach (var (workspace, remoteJobId) in jobs)
        {
            statuses.Add(await CheckAsync(workspace, remoteJobId, cancellationToken));
        }

        return new RemoteCheckBatch(statuses, new Dictionary<string, int>());
    }

    public async Task KillAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken)
    {
        remoteJobId = await RecordedIdAsync(workspace, remoteJobId, cancellationToken);
        if (!IsGroupId(remoteJobId, out var group))
        {
            return;
        }

        PosixSignals.SignalGroup(group, PosixSignals.SIGTERM);
        // A suspended (stopped) group keeps SIGTERM pending until it runs again: continue it so it can end cleanly.
        PosixSignals.SignalGroup(group, PosixSignals.SIGCONT);
        var deadline = timeProvider.GetUtcNow() + options.Value.KillGracePeriod;
        while (PosixSignals.GroupExists(group) && timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken);
        }

        PosixSignals.SignalGroup(group, PosixSignals.SIGKILL);
    }

    /// <summary>Stops every process of the job's group with SIGSTOP, which no process can catch or ignore.</summary>
    public Task<SuspensionResult> SuspendAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken) =>
        SignalWrapperGroupAsync(workspace, remoteJobId, PosixSignals.SIGSTOP, "stopped (SIGSTOP)", "suspend", cancellationToken);

    public Task<SuspensionResult> ContinueAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken) =>
        SignalWrapperGroupAsync(workspace, remoteJobId, PosixSignals.SIGCONT, "continued (SIGCONT)", "continue", cancellationToken);

    /// <summary>
    /// Signals the wrapper's process group the way <see cref="KillAsync"/> does: the service sends it (root when the
    /// service is root, so the run-as user's processes of the group are reached too), and only while the pid is still
    /// the job's wrapper. A job the app moved out of the group (its own <c>setsid</c>) is out of reach here as it is for kill.
    /// </summary>
    private async Task<SuspensionResult> SignalWrapperGroupAsync(JobWorkspace workspace, string remoteJobId, int signal, string done,
        string verb, CancellationToken cancellationToken)
    {
        remoteJobId = await RecordedIdAsync(workspace, remoteJobId, cancellationToken);
        if (File.Exists(workspace.ExitCodeFile))
        {
            return SuspensionResult.Ended($"The job has ended (its exit code is recorded): there is nothing to {verb}.");
        }

        if (!IsGroupId(remoteJobId, out var group) || !IsOurWrapper(remoteJobId) || !PosixSignals.SignalGroup(group, signal))
        {
            return SuspensionResult.Ended(
                $"Process {(remoteJobId.Length == 0 ? "(no pid recorded)" : remoteJobId)} is no longer the job's wrapper: there is nothing to {verb}.");
        }

        LogSignalled(logger, workspace.JobUuid, group, done);
        return SuspensionResult.Done($"Process group {group} of the job on this host was {done}.");
    }

    /// <summary><paramref name="remoteJobId"/>, or when empty (a launch crashed before recording it) the pid the wrapper wrote.</summary>
    private static async Task<string> RecordedIdAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken)
    {
        if (remoteJobId.Length > 0 || !File.Exists(workspace.PidFile))
        {
            return remoteJobId;
        }

        try
        {
            return (await File.ReadAllTextAsync(workspace.PidFile, cancellationToken)).Trim();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    /// <summary>A process group id that may be signalled: a number above 1, so <c>kill(-1)</c> (every process) can never happen.</summary>
    private static bool IsGroupId(string remoteJobId, out int group) =>
        int.TryParse(remoteJobId, NumberStyles.None, CultureInfo.InvariantCulture, out group) && group > 1;

    /// <summary>
    /// The pid is alive and still leads its own session: a recycled pid of some unrelated process would not,
    /// so a restarted service never mistakes another program for the job.
    /// </summary>
    private static bool IsOurWrapper(string remoteJobId)
    {
        var statPath = $"/proc/{remoteJobId}/stat";
        try
        {
            var stat = File.ReadAllText(statPath);
            // Fields after the parenthesised command name: state ppid pgrp session ...
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] != "Z" && fields[3] == remoteJobId;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? ServiceLang => Environment.GetEnvironmentVariable("LANG");

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobUuid} wrapper launched in {WorkDir}")]
    private static partial void LogLaunched(ILogger logger, Guid jobUuid, string workDir);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobUuid} process group {ProcessGroup} {Done}")]
    private static partial void LogSignalled(ILogger logger, Guid jobUuid, int processGroup, string done);
}
