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
    public bool QueuesJobs => false;

    public async Task<string> WrapperScriptAsync(JobWorkspace workspace, JobResources resources, IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken) =>
        LocalWrapperScript.Render(workspace, await account.IdentityAsync(cancellationToken),
            LocalJobEnvironment.For(options.Value.LocalPath, workspace.WorkDir, ServiceLang, environment),
            LocalJobLimits.For(options.Value, resources));

    public async Task<string> LaunchAsync(JobWorkspace workspace, JobResources resources, CancellationToken cancellationToken)
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

    public async Task<RemoteJobStatus> CheckAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken)
    {
        if (File.Exists(workspace.ExitCodeFile))
        {
            var text = (await File.ReadAllTextAsync(workspace.ExitCodeFile, cancellationToken)).Trim();
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var exitCode)
                ? new RemoteJobStatus(RemoteJobState.Completed, exitCode, $"The app exited with code {exitCode}.")
                : new RemoteJobStatus(RemoteJobState.Vanished, null, $"The exit code file holds '{text}', not a number.");
        }

        return IsOurWrapper(remoteJobId)
            ? new RemoteJobStatus(RemoteJobState.Running)
            : new RemoteJobStatus(RemoteJobState.Vanished, null, $"Process {remoteJobId} ended without recording an exit code.");
    }

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
        if (remoteJobId.Length == 0 && File.Exists(workspace.PidFile))
        {
            // Launched by an attempt that crashed before recording the id: the wrapper's pid file names it.
            remoteJobId = (await File.ReadAllTextAsync(workspace.PidFile, cancellationToken)).Trim();
        }

        if (!int.TryParse(remoteJobId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var group) || group <= 1)
        {
            return;
        }

        PosixSignals.SignalGroup(group, PosixSignals.SIGTERM);
        var deadline = timeProvider.GetUtcNow() + options.Value.KillGracePeriod;
        while (PosixSignals.GroupExists(group) && timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken);
        }

        PosixSignals.SignalGroup(group, PosixSignals.SIGKILL);
    }

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
}
