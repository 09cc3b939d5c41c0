using AloeOrleans.GrainInterfaces.Jobs;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using AloeOrleans.Grains.Execution.Ssh;

namespace AloeOrleans.Grains.Execution.Remote;

/// <summary>
/// FORK on a remote host over SSH, mirroring <see cref="LocalForkRunner"/>: the wrapper is started with
/// <c>setsid --fork</c> so it leads its own session and process group (it outlives the SSH channel and the service,
/// and the whole group can be killed); its pid is the remote job id. The wrapper's <c>mkdir .aloe/started</c> makes a
/// second launch of the same work dir a no-op, so a retried launch finds the first run by its pid file.
/// </summary>
public sealed class SshForkRunner : IJobRunner
{
    private static readonly FrozenSet<RemoteJobState> Suspendable = new[] { RemoteJobState.Running }.ToFrozenSet();

    private readonly SshConnectionPool pool;
    private readonly SshEndpoint endpoint;
    private readonly ExecutionOptions options;
    private readonly TimeProvider timeProvider;
    private long commandsIssued;

    public SshForkRunner(SshConnectionPool pool, SshEndpoint endpoint, ExecutionOptions? options = null, TimeProvider? timeProvider = null)
    {
        this.pool = pool;
        this.endpoint = endpoint;
        this.options = options ?? new ExecutionOptions();
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    public SshEndpoint Endpoint => endpoint;

    /// <summary>Remote commands run so far by this runner (for tests and metrics: a batched check is one).</summary>
    public long CommandsIssued => Interlocked.Read(ref commandsIssued);

    public bool QueuesJobs => false;

    public IReadOnlySet<RemoteJobState> SuspendableStates => Suspendable;

    /// <remarks>The started marker is tested on every attempt: in the same command as the start, it costs no round trip.</remarks>
    public async Task<string> LaunchAsync(JobWorkspace workspace, JobResourceRequest resources, LaunchAttempt attempt, CancellationToken cancellationToken)
    {
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);

        // One command: start the wrapper unless a previous attempt already did (the started marker exists).
        var start = $"cd {ShellQuoting.Quote(workspace.WorkDir)} && " +
                    $"{{ test -d {ShellQuoting.Quote(workspace.StartedMarker)} || " +
                    $"setsid --fork bash {ShellQuoting.Quote(workspace.WrapperScript)} </dev/null >/dev/null 2>&1; }}";
        var started = await RunAsync(lease, start, cancellationToken);
        if (!started.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not start the job wrapper in {workspace.WorkDir} on system {endpoint.SystemId} (exit {started.ExitCode}): {started.StandardError.Trim()}");
        }

        var deadline = timeProvider.GetUtcNow() + options.LaunchTimeout;
        var readPid = $"cat {ShellQuoting.Quote(workspace.PidFile)} 2>/dev/null || true";
        while (true)
        {
            var pid = (await RunAsync(lease, readPid, cancellationToken)).StandardOutput.Trim();
            if (IsPid(pid))
            {
                return pid;
            }

            if (timeProvider.GetUtcNow() > deadline)
            {
                throw new TimeoutException(
                    $"The job wrapper in {workspace.WorkDir} on system {endpoint.SystemId} did not record its pid within {options.LaunchTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, cancellationToken);
        }
    }

    public async Task<RemoteJobStatus> CheckAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken)
    {
        var batch = await CheckManyAsync([(workspace, remoteJobId)], cancellationToken);
        return batch.Statuses[0];
    }

    /// <summary>
    /// The status of many jobs on this system in ONE remote command: a small shell function called once per job
    /// prints one line "index state value". Results are in the order of <paramref name="jobs"/>.
    /// </summary>
    public async Task<RemoteCheckBatch> CheckManyAsync(
        IReadOnlyList<(JobWorkspace Workspace, string RemoteJobId)> jobs, CancellationToken cancellationToken)
    {
        if (jobs.Count == 0)
        {
            return new RemoteCheckBatch([], new Dictionary<string, int>());
        }

        var script = new StringBuilder(ProbeFunction);
        for (var i = 0; i < jobs.Count; i++)
        {
            var (workspace, remoteJobId) = jobs[i];
            // An id that is not a pid is never put on the command line; the pid file is read instead.
            var pid = IsPid(remoteJobId) ? remoteJobId : "";
            script.Append("p ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(ShellQuoting.Quote(workspace.ExitCodeFile)).Append(' ')
                .Append(ShellQuoting.Quote(workspace.PidFile)).Append(' ')
                .Append(ShellQuoting.Quote(pid)).Append('\n');
        }

        SshCommandResult result;
        await using (var lease = await pool.LeaseAsync(endpoint, cancellationToken))
        {
            result = await RunAsync(lease, script.ToString(), cancellationToken);
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"The status probe on system {endpoint.SystemId} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }

        var statuses = new RemoteJobStatus?[jobs.Count];
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', 3);
            if (fields.Length < 2 || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || index >= jobs.Count)
            {
                continue;
            }

            var value = fields.Length == 3 ? fields[2] : "";
            var remoteJobId = jobs[index].RemoteJobId;
            statuses[index] = fields[1] switch
            {
                "E" when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) =>
                    new RemoteJobStatus(RemoteJobState.Completed, code, $"The app exited with code {code}."),
                "E" => new RemoteJobStatus(RemoteJobState.Vanished, null, $"The exit code file holds '{value}', not a number."),
                "R" => new RemoteJobStatus(RemoteJobState.Running),
                _ => new RemoteJobStatus(RemoteJobState.Vanished, null,
                    $"Process {(IsPid(remoteJobId) ? remoteJobId : value)} on system {endpoint.SystemId} ended without recording an exit code."),
            };
        }

        return new RemoteCheckBatch(
            statuses.Select((status, i) => status ?? throw new InvalidOperationException(
                $"The status probe on system {endpoint.SystemId} printed nothing for job {jobs[i].Workspace.JobUuid}.")).ToList(),
            new Dictionary<string, int> { ["probe"] = 1 });
    }

    public async Task KillAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken)
    {
        if (remoteJobId.Length > 0 && !IsPid(remoteJobId))
        {
            return;
        }

        // With no id (an attempt crashed before recording it) the pid file names the group. The group id is checked
        // to be a number above 1 on the remote side too, so "kill -- -1" can never happen.
        var graceTicks = Math.Max(1, (int)Math.Ceiling(options.KillGracePeriod.TotalMilliseconds / 100));
        var script =
            $"g={ShellQuoting.Quote(remoteJobId)}\n" +
            $"[ -n \"$g\" ] || g=$(cat {ShellQuoting.Quote(workspace.PidFile)} 2>/dev/null)\n" +
            "case \"$g\" in ''|*[!0-9]*|0|1) exit 0;; esac\n" +
            "kill -TERM -- \"-$g\" 2>/dev/null || exit 0\n" +
            // A suspended (stopped) group keeps SIGTERM pending until it runs again: continue it so it can end cleanly.
            "kill -CONT -- \"-$g\" 2>/dev/null\n" +
            "i=0\n" +
            $"while kill -0 -- \"-$g\" 2>/dev/null && [ \"$i\" -lt {graceTicks.ToString(CultureInfo.InvariantCulture)} ]; do sleep 0.1; i=$((i+1)); done\n" +
            "kill -KILL -- \"-$g\" 2>/dev/null\n" +
            "exit 0\n";
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        var result = await RunAsync(lease, script, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Killing process group {remoteJobId} on system {endpoint.SystemId} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }
    }

    /// <summary>Stops every process of the job's group with SIGSTOP, which no process can catch or ignore.</summary>
    public Task<SuspensionResult> SuspendAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken) =>
        SignalWrapperGroupAsync(workspace, remoteJobId, "STOP", "stopped (SIGSTOP)", "suspend", cancellationToken);

    public Task<SuspensionResult> ContinueAsync(JobWorkspace workspace, string remoteJobId, CancellationToken cancellationToken) =>
        SignalWrapperGroupAsync(workspace, remoteJobId, "CONT", "continued (SIGCONT)", "continue", cancellationToken);

    /// <summary>
    /// One remote command: the group is the recorded pid (or the pid file's, when none was recorded), checked on the
    /// remote side to be a number above 1 that still leads its own session and is no zombie, as the status probe
    /// checks it; then the whole group is signalled. It prints <c>D</c> (signalled), <c>E</c> (the exit code is
    /// recorded: the job ended) or <c>V</c> (the wrapper is gone).
    /// </summary>
    private async Task<SuspensionResult> SignalWrapperGroupAsync(JobWorkspace workspace, string remoteJobId, string signal, string done,
        string verb, CancellationToken cancellationToken)
    {
        if (remoteJobId.Length > 0 && !IsPid(remoteJobId))
        {
            return SuspensionResult.Ended($"'{remoteJobId}' is not a process id on system {endpoint.SystemId}: there is nothing to {verb}.");
        }

        var script =
            $"g={ShellQuoting.Quote(remoteJobId)}\n" +
            $"[ -n \"$g\" ] || g=$(head -c 32 {ShellQuoting.Quote(workspace.PidFile)} 2>/dev/null | tr -d ' \\n\\r')\n" +
            $"if [ -f {ShellQuoting.Quote(workspace.ExitCodeFile)} ]; then echo E; exit 0; fi\n" +
            "case \"$g\" in ''|*[!0-9]*|0|1) echo V; exit 0;; esac\n" +
            "set -- $(ps -o sid=,stat= -p \"$g\" 2>/dev/null)\n" +
            "if [ \"$1\" != \"$g\" ] || [ \"${2#Z}\" != \"$2\" ]; then echo V; exit 0; fi\n" +
            $"kill -{signal} -- \"-$g\" 2>/dev/null && echo \"D $g\" || echo V\n";
        SshCommandResult result;
        await using (var lease = await pool.LeaseAsync(endpoint, cancellationToken))
        {
            result = await RunAsync(lease, script, cancellationToken);
        }

        var answer = result.StandardOutput.Trim();
        if (!result.Succeeded || answer.Length == 0)
        {
            throw new InvalidOperationException(
                $"Signalling process group {remoteJobId} on system {endpoint.SystemId} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }

        return answer switch
        {
            "E" => SuspensionResult.Ended($"The job on system {endpoint.SystemId} has ended (its exit code is recorded): there is nothing to {verb}."),
            "V" => SuspensionResult.Ended(
                $"Process {(remoteJobId.Length == 0 ? "(no pid recorded)" : remoteJobId)} on system {endpoint.SystemId} is no longer the job's wrapper: there is nothing to {verb}."),
            _ when answer.StartsWith("D ", StringComparison.Ordinal) =>
                SuspensionResult.Done($"Process group {answer[2..]} of the job on system {endpoint.SystemId} was {done}."),
            _ => throw new InvalidOperationException(
                $"Signalling process group {remoteJobId} on system {endpoint.SystemId} printed '{answer}', not an answer of the service's script."),
        };
    }

    /// <summary>
    /// <c>p index exitcode-file pid-file pid</c>: "E code" when the exit code file exists; "R" while the pid is alive,
    /// not a zombie and leads its own session (a recycled pid of another program would not); else "V pid". The exit
    /// code file is read again after the process check, since the wrapper writes it just before it ends.
    /// </summary>
    private const string ProbeFunction =
        "p() {\n" +
        "  if [ -f \"$2\" ]; then printf '%s E %s\\n' \"$1\" \"$(head -c 32 \"$2\" | tr -d ' \\n\\r')\"; return; fi\n" +
        "  q=$4; [ -n \"$q\" ] || q=$(head -c 32 \"$3\" 2>/dev/null | tr -d ' \\n\\r')\n" +
        "  case \"$q\" in ''|*[!0-9]*) printf '%s V %s\\n' \"$1\" \"$q\"; return;; esac\n" +
        "  s=$(ps -o sid=,stat= -p \"$q\" 2>/dev/null)\n" +
        "  set -- \"$1\" \"$2\" \"$q\" $s\n" +
        "  if [ \"$4\" = \"$3\" ] && [ \"${5#Z}\" = \"$5\" ]; then printf '%s R\\n' \"$1\"; return; fi\n" +
        "  if [ -f \"$2\" ]; then printf '%s E %s\\n' \"$1\" \"$(head -c 32 \"$2\" | tr -d ' \\n\\r')\"; return; fi\n" +
        "  printf '%s V %s\\n' \"$1\" \"$3\"\n" +
        "}\n";

    private async Task<SshCommandResult> RunAsync(SshLease lease, string command, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref commandsIssued);
        return await lease.RunAsync(command, cancellationToken);
    }

    private static bool IsPid(string value) =>
        value.Length is > 0 and < 12 && value.All(char.IsAsciiDigit)
        && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 1;
}
