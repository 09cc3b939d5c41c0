using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution.Slurm;
using AloeOrleans.Grains.Execution.Ssh;

namespace AloeOrleans.Grains.Execution.Remote;

/// <summary>
/// SLURM over SSH. The Slurm job name is the Aloe job UUID, so a launch retried after a crash finds the job an earlier
/// attempt submitted (squeue by name, then sacct by name) instead of submitting again; a job's first attempt has no
/// earlier one to find and submits at once. Status checks for many jobs
/// are one <c>squeue</c> plus at most one <c>sacct</c> for the jobs squeue no longer lists (or lists as ended
/// unsuccessfully, to learn their exit code).
/// </summary>
public sealed class SlurmRunner : IJobRunner
{
    /// <summary>The batch script sbatch runs: the wrapper, then the app's exit code as the job's (so exit 3 → FAILED).</summary>
    public const string BatchScriptName = "slurm-batch.sh";

    private static readonly FrozenSet<RemoteJobState> Suspendable = new[] { RemoteJobState.Queued }.ToFrozenSet();

    private readonly SshConnectionPool pool;
    private readonly SshEndpoint endpoint;
    private readonly ExecutionOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ConcurrentDictionary<string, long> commandCounts = new(StringComparer.Ordinal);

    public SlurmRunner(SshConnectionPool pool, SshEndpoint endpoint, ExecutionOptions? options = null, TimeProvider? timeProvider = null)
    {
        this.pool = pool;
        this.endpoint = endpoint;
        this.options = options ?? new ExecutionOptions();
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    public SshEndpoint Endpoint => endpoint;

    /// <summary>
    /// How many times a Slurm program was run by this runner, by purpose: <c>squeue</c> and <c>sacct</c> count status
    /// checks only; <c>squeue-by-name</c>/<c>sacct-by-name</c> the look-ups before a submission, <c>sbatch</c>,
    /// <c>scancel</c> and <c>squeue-after-scancel</c> the rest; <c>squeue-for-suspension</c>, <c>scontrol-hold</c> and
    /// <c>scontrol-release</c> pause and resume; <c>scontrol-ping</c> recovery tests of the scheduler.
    /// </summary>
    public long CommandsIssued(string program) => commandCounts.TryGetValue(program, out var count) ? count : 0;

    public long TotalCommandsIssued => commandCounts.Values.Sum();

    public static string BatchScriptPath(JobWorkspace workspace) => Path.Combine(workspace.ControlDir, BatchScriptName);

    public bool QueuesJobs => true;

    /// <summary>Only a job still waiting in the queue: it is held. A running Slurm job is not suspended (see <see cref="SuspendAsync"/>).</summary>
    public IReadOnlySet<RemoteJobState> SuspendableStates => Suspendable;

    /// <summary>
    /// Submits the job with <c>sbatch</c>. A <see cref="LaunchAttempt.Retry"/> first looks for a job of this name (squeue,
    /// then sacct) and returns it if there is one; a <see cref="LaunchAttempt.First"/> attempt does not, since no earlier
    /// attempt can have submitted anything: that saves two commands, and a job-info RPC to slurmctld, per job.
    /// </summary>
    public async Task<string> LaunchAsync(JobWorkspace workspace, JobResourceRequest request, LaunchAttempt attempt, CancellationToken cancellationToken)
    {
        var name = workspace.JobUuid.ToString();
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        if (attempt != LaunchAttempt.First && await FindByNameAsync(lease, name, cancellationToken) is { } existing)
        {
            return existing;
        }

        var batchScript = BatchScriptPath(workspace);
        using (var content = new MemoryStream(Encoding.UTF8.GetBytes(BatchScript(workspace))))
        {
            await lease.UploadAsync(content, batchScript, cancellationToken);
        }

        var submission = new SlurmSubmission(batchScript, workspace.WorkDir, name, request);
        var result = await RunAsync(lease, "sbatch", SlurmCommands.Submit(submission), cancellationToken);
        var id = result.Succeeded ? SlurmOutputParser.ParseSubmit(result.StandardOutput) : null;
        return id ?? throw Failed(result,
            $"sbatch on system {endpoint.SystemId} did not submit job {name} (exit {result.ExitCode}): " +
            $"{result.StandardError.Trim()} {result.StandardOutput.Trim()}".Trim());
    }

    public async Task<RemoteJobStatus> CheckAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken)
    {
        if (remoteJobId.Length == 0)
        {
            await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
            remoteJobId = await FindByNameAsync(lease, workspace.JobUuid.ToString(), cancellationToken) ?? "";
            if (remoteJobId.Length == 0)
            {
                return new RemoteJobStatus(RemoteJobState.Vanished, null, $"Slurm knows no job named {workspace.JobUuid}.");
            }
        }

        var statuses = await CheckManyAsync([remoteJobId], cancellationToken);
        return statuses[remoteJobId];
    }

    public async Task<RemoteCheckBatch> CheckManyAsync(
        IReadOnlyList<(JobWorkspace Workspace, string RemoteJobId)> jobs, CancellationToken cancellationToken)
    {
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (workspace, remoteJobId) in jobs)
        {
            names.TryAdd(remoteJobId, workspace.JobUuid.ToString());
        }

        var statuses = await CheckManyAsync(jobs.Select(job => job.RemoteJobId).ToList(), used, cancellationToken, names);
        return new RemoteCheckBatch(jobs.Select(job => statuses[job.RemoteJobId]).ToList(), used);
    }

    public Task<IReadOnlyDictionary<string, RemoteJobStatus>> CheckManyAsync(IReadOnlyCollection<string> remoteJobIds,
        CancellationToken cancellationToken) =>
        CheckManyAsync(remoteJobIds, new Dictionary<string, int>(StringComparer.Ordinal), cancellationToken);

    /// <summary>
    /// The status of many Slurm jobs: ONE <c>squeue</c> for all of them, then at most ONE <c>sacct</c> for those squeue
    /// does not list (or lists as ended unsuccessfully, for the exit code). A job neither knows is Unknown, never Vanished at
    /// once: accounting lags a second or two behind a short job's end, so the job grain gives it a grace period.
    /// With <paramref name="names"/> (id → job UUID) a report on a job of another name is ignored: a controller that
    /// lost its state hands out ids again that the accounting database still remembers.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, RemoteJobStatus>> CheckManyAsync(IReadOnlyCollection<string> remoteJobIds,
        Dictionary<string, int> used, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? names = null)
    {
        bool IsOurs(SlurmJobReport report) =>
            names is null || !names.TryGetValue(report.JobId, out var name) || report.JobName == name;

        var statuses = new Dictionary<string, RemoteJobStatus>(StringComparer.Ordinal);
        var ids = new List<string>();
        foreach (var id in remoteJobIds.Distinct(StringComparer.Ordinal))
        {
            if (id.Length == 0 || !id.All(char.IsAsciiDigit))
            {
                statuses[id] = new RemoteJobStatus(RemoteJobState.Vanished, null, $"'{id}' is not a Slurm job id.");
            }
            else
            {
                ids.Add(id);
            }
        }

        if (ids.Count == 0)
        {
            return statuses;
        }

        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        var queue = await RunAsync(lease, "squeue", SlurmCommands.Status(ids), cancellationToken, used);
        IReadOnlyDictionary<string, SlurmJobReport> queued;
        if (queue.Succeeded)
        {
            queued = SlurmOutputParser.ParseStatus(queue.StandardOutput);
        }
        else if (queue.StandardError.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
        {
            // squeue refuses a list in which it knows no job at all; sacct answers for them.
            queued = new Dictionary<string, SlurmJobReport>();
        }
        else
        {
            throw Failed(queue,
                $"squeue on system {endpoint.SystemId} failed (exit {queue.ExitCode}): {queue.StandardError.Trim()}");
        }

        var askAccounting = new List<string>();
        foreach (var id in ids)
        {
            if (queued.TryGetValue(id, out var report) && IsOurs(report))
            {
                var status = SlurmStateMapper.Map(report);
                statuses[id] = status;
                if (status.State == RemoteJobState.Failed)
                {
                    askAccounting.Add(id);
                }
            }
            else
            {
                askAccounting.Add(id);
            }
        }

        if (askAccounting.Count > 0)
        {
            var accounting = await RunAsync(lease, "sacct", SlurmCommands.Accounting(askAccounting), cancellationToken, used);
            if (!accounting.Succeeded)
            {
                throw Failed(accounting,
                    $"sacct on system {endpoint.SystemId} failed (exit {accounting.ExitCode}): {accounting.StandardError.Trim()}");
            }

            var reports = SlurmOutputParser.ParseAccountingLines(accounting.StandardOutput);
            foreach (var id in askAccounting)
            {
                if (reports.LastOrDefault(line => line.JobId == id && IsOurs(line)) is { } report)
                {
                    var status = SlurmStateMapper.Map(report);
                    // squeue's word on an ended job stands unless accounting has caught up with the end too.
                    if (!statuses.ContainsKey(id) || status.State is RemoteJobState.Failed or RemoteJobState.Completed)
                    {
                        statuses[id] = status;
                    }
                }
                else if (!statuses.ContainsKey(id))
                {
                    statuses[id] = new RemoteJobStatus(RemoteJobState.Unknown, null,
                        $"Slurm job {id} is listed by neither squeue nor sacct.");
                }
            }
        }

        return statuses;
    }

    public async Task KillAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken)
    {
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        if (remoteJobId.Length == 0)
        {
            remoteJobId = await FindByNameAsync(lease, workspace.JobUuid.ToString(), cancellationToken) ?? "";
        }

        if (remoteJobId.Length == 0 || !remoteJobId.All(char.IsAsciiDigit))
        {
            return;
        }

        var result = await RunAsync(lease, "scancel", SlurmCommands.Cancel(remoteJobId), cancellationToken);
        if (!result.Succeeded && !result.StandardError.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
        {
            throw Failed(result,
                $"scancel {remoteJobId} on system {endpoint.SystemId} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }

        // Wait (up to the grace period) until squeue no longer lists it as waiting or running.
        var deadline = timeProvider.GetUtcNow() + options.KillGracePeriod;
        while (timeProvider.GetUtcNow() < deadline)
        {
            var queue = await RunAsync(lease, "squeue-after-scancel", SlurmCommands.Status([remoteJobId]), cancellationToken);
            var reports = queue.Succeeded ? SlurmOutputParser.ParseStatus(queue.StandardOutput) : new Dictionary<string, SlurmJobReport>();
            if (!reports.TryGetValue(remoteJobId, out var report)
                || SlurmStateMapper.Map(report).State is not (RemoteJobState.Queued or RemoteJobState.Running))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), timeProvider, cancellationToken);
        }
    }

    /// <summary>
    /// Holds the job while it is PENDING (<c>scontrol hold</c>): it keeps its place in Slurm's records but is never
    /// started until released. A RUNNING job is not suspended: <c>scontrol suspend</c> is reserved to Slurm's
    /// administrators (the accounts the service logs in with are ordinary users) and a suspended job keeps its nodes
    /// allocated and its memory resident, so pausing it would hold the allocation without running: not possible.
    /// </summary>
    public async Task<SuspensionResult> SuspendAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken)
    {
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        var (id, report) = await FindForSuspensionAsync(lease, workspace, remoteJobId, cancellationToken);
        if (report is not { State: "PENDING" })
        {
            return SuspendRefusal(id, report);
        }

        var hold = await RunAsync(lease, "scontrol-hold", SlurmCommands.Hold(id), cancellationToken);

        // The job may have started between squeue and scontrol. scontrol holds a running job without complaint (it
        // only keeps a requeued job from starting again), so the state is read again, and such a hold undone.
        var (_, now) = await FindForSuspensionAsync(lease, workspace, id, cancellationToken);
        if (now is { State: "PENDING" })
        {
            return hold.Succeeded
                ? SuspensionResult.Done($"Slurm job {id} is held (scontrol hold): it stays PENDING until it is released.")
                : throw new InvalidOperationException(
                    $"scontrol hold {id} on system {endpoint.SystemId} failed (exit {hold.ExitCode}): {hold.StandardError.Trim()}");
        }

        if (hold.Succeeded && now is not null)
        {
            await RunAsync(lease, "scontrol-release", SlurmCommands.Release(id), cancellationToken);
        }

        return SuspendRefusal(id, now);
    }

    /// <summary>Releases the job's hold (<c>scontrol release</c>); a job that is not held is left as it is.</summary>
    public async Task<SuspensionResult> ContinueAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken)
    {
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        var (id, report) = await FindForSuspensionAsync(lease, workspace, remoteJobId, cancellationToken);
        if (report is null || SlurmStateMapper.Map(report).State is RemoteJobState.Completed or RemoteJobState.Failed)
        {
            return Gone(id, report, "continue");
        }

        if (!IsHeld(report))
        {
            return SuspensionResult.Done($"Slurm job {id} is {report.State}{(report.Reason is null ? "" : $" ({report.Reason})")}, not held: there is nothing to release.");
        }

        var release = await RunAsync(lease, "scontrol-release", SlurmCommands.Release(id), cancellationToken);
        return release.Succeeded
            ? SuspensionResult.Done($"Slurm job {id} was released (scontrol release) and waits in the queue again.")
            : throw new InvalidOperationException(
                $"scontrol release {id} on system {endpoint.SystemId} failed (exit {release.ExitCode}): {release.StandardError.Trim()}");
    }

    /// <summary>A pending job held by its user or an administrator (squeue's reason; an admin hold shows JobHeldAdmin).</summary>
    private static bool IsHeld(SlurmJobReport report) =>
        report.State == "PENDING" && report.Reason is { } reason && reason.StartsWith("JobHeld", StringComparison.Ordinal);

    /// <summary>Why a job that is not PENDING (or no longer listed) cannot be held.</summary>
    private SuspensionResult SuspendRefusal(string id, SlurmJobReport? report)
    {
        if (report is null)
        {
            return Gone(id, report, "suspend");
        }

        return SlurmStateMapper.Map(report).State switch
        {
            RemoteJobState.Running => SuspensionResult.NotPossible(
                $"Slurm job {id} is {report.State}: only a job still waiting in the queue can be paused (it is held). Suspending a running " +
                "Slurm job (scontrol suspend) is reserved to Slurm's administrators and keeps its nodes allocated, so the service does not do it."),
            RemoteJobState.Completed or RemoteJobState.Failed => Gone(id, report, "suspend"),
            _ => SuspensionResult.NotPossible($"Slurm job {id} is {report.State}: only a PENDING job can be held."),
        };
    }

    private SuspensionResult Gone(string id, SlurmJobReport? report, string verb) =>
        SuspensionResult.Ended(report is null
            ? id.Length == 0
                ? $"Slurm on system {endpoint.SystemId} knows no job of this job's name: there is nothing to {verb}."
                : $"Slurm on system {endpoint.SystemId} no longer lists job {id} as waiting or running: there is nothing to {verb}."
            : $"Slurm job {id} has ended ({report.State}): there is nothing to {verb}.");

    /// <summary>
    /// The job's id (found by name when none was recorded) and what squeue says of it; no report when squeue no longer
    /// lists it or lists another job under that id (a controller that lost its state hands ids out again).
    /// </summary>
    private async Task<(string Id, SlurmJobReport? Report)> FindForSuspensionAsync(SshLease lease, JobWorkspace workspace, string remoteJobId,
        CancellationToken cancellationToken)
    {
        var name = workspace.JobUuid.ToString();
        var id = remoteJobId.Length > 0 ? remoteJobId : await FindByNameAsync(lease, name, cancellationToken) ?? "";
        if (id.Length == 0 || !id.All(char.IsAsciiDigit))
        {
            return (id, null);
        }

        var queue = await RunAsync(lease, "squeue-for-suspension", SlurmCommands.Status([id]), cancellationToken);
        if (!queue.Succeeded && !queue.StandardError.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
        {
            throw Failed(queue,
                $"squeue on system {endpoint.SystemId} failed (exit {queue.ExitCode}): {queue.StandardError.Trim()}");
        }

        var reports = queue.Succeeded ? SlurmOutputParser.ParseStatus(queue.StandardOutput) : new Dictionary<string, SlurmJobReport>();
        return (id, reports.TryGetValue(id, out var report) && report.JobName == name ? report : null);
    }

    /// <summary>The id of a job Slurm knows by this name: squeue first (it lists ended jobs for a few minutes), then sacct.</summary>
    private async Task<string?> FindByNameAsync(SshLease lease, string name, CancellationToken cancellationToken)
    {
        var queue = await RunAsync(lease, "squeue-by-name", SlurmCommands.FindQueuedByName(name), cancellationToken);
        if (!queue.Succeeded)
        {
            throw Failed(queue,
                $"squeue on system {endpoint.SystemId} failed (exit {queue.ExitCode}): {queue.StandardError.Trim()}");
        }

        var queuedIds = queue.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(id => id.Length > 0 && id.All(char.IsAsciiDigit))
            .OrderBy(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        if (queuedIds.Count > 0)
        {
            return queuedIds[0];
        }

        var accounting = await RunAsync(lease, "sacct-by-name", SlurmCommands.FindByName(name), cancellationToken);
        if (!accounting.Succeeded)
        {
            throw Failed(accounting,
                $"sacct on system {endpoint.SystemId} failed (exit {accounting.ExitCode}): {accounting.StandardError.Trim()}");
        }

        return SlurmOutputParser.ParseAccounting(accounting.StandardOutput).Values
            .Where(report => report.JobName == name)
            .Select(report => report.JobId)
            .OrderBy(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
    }

    /// <summary>
    /// Runs the wrapper, then exits with the app's exit code (the wrapper itself ends 0), so Slurm records an app
    /// failure as FAILED with that exit code. No exit code file (the wrapper found the work dir already started) → 0.
    /// </summary>
    /// <summary>
    /// The wrapper, then its recorded exit code as the Slurm job's. A job Slurm requeued (a node failed, an admin ran
    /// <c>scontrol requeue</c>) runs this script again with a higher <c>SLURM_RESTART_COUNT</c>: its first run was stopped,
    /// so the wrapper's at-most-once marker and exit code are cleared, once per restart, and the app runs again instead of
    /// the rerun reporting success without running.
    /// </summary>
    private static string BatchScript(JobWorkspace workspace) =>
        "#!/bin/bash\n" +
        $"# Written by AloeOrleans: the Slurm batch script of job {workspace.JobUuid}.\n" +
        "restart=\"${SLURM_RESTART_COUNT:-0}\"\n" +
        "case \"$restart\" in ''|*[!0-9]*) restart=0;; esac\n" +
        $"if [ \"$restart\" -gt 0 ] && mkdir {ShellQuoting.Quote(workspace.ControlDir)}/restart-\"$restart\" 2>/dev/null; then " +
        $"rm -rf {ShellQuoting.Quote(workspace.StartedMarker)} {ShellQuoting.Quote(workspace.ExitCodeFile)}; fi\n" +
        $"bash {ShellQuoting.Quote(workspace.WrapperScript)}\n" +
        $"rc=$(head -c 32 {ShellQuoting.Quote(workspace.ExitCodeFile)} 2>/dev/null | tr -d ' \\n\\r')\n" +
        "case \"$rc\" in ''|*[!0-9]*) exit 0;; esac\n" +
        "exit \"$rc\"\n";

    /// <summary>
    /// Whether the controller answers (<c>scontrol ping</c>): what a recovery test of a scheduler that did not answer
    /// runs. True with the command's words when a controller is up; false with them (or its error) otherwise.
    /// </summary>
    public async Task<(bool Answers, string Said)> PingAsync(CancellationToken cancellationToken)
    {
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        var result = await RunAsync(lease, "scontrol-ping", SlurmCommands.Ping, cancellationToken);
        var controllers = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("Slurmctld", StringComparison.Ordinal));
        var said = string.Join("; ", controllers.Append(result.StandardError.Trim()).Where(text => text.Length > 0));
        return (SlurmOutputParser.ParsePing(result.StandardOutput), said.Length > 0 ? said : $"exit {result.ExitCode}");
    }

    /// <summary>
    /// The failure of a Slurm command, described by <paramref name="message"/>: the scheduler did not answer
    /// (<see cref="SchedulerUnavailableException"/>, which may pass), or it refused.
    /// </summary>
    private Exception Failed(SshCommandResult result, string message) =>
        SlurmErrors.ControllerUnreachable(result.StandardError)
            ? new SchedulerUnavailableException(endpoint.SystemId, message)
            : new InvalidOperationException(message);

    /// <param name="used">The commands of one batched check, counted apart from those running concurrently.</param>
    private async Task<SshCommandResult> RunAsync(SshLease lease, string program, string command, CancellationToken cancellationToken,
        Dictionary<string, int>? used = null)
    {
        commandCounts.AddOrUpdate(program, 1, (_, count) => count + 1);
        if (used is not null)
        {
            used[program] = used.GetValueOrDefault(program) + 1;
        }

        return await lease.RunAsync(command, cancellationToken);
    }
}
