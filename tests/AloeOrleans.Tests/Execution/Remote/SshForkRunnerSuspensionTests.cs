using AloeOrleans.GrainInterfaces.Jobs;
using System.Globalization;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Remote;
using Xunit;

namespace AloeOrleans.Tests.Execution.Remote;

/// <summary>Pause and resume of FORK jobs over SSH against the real sshd: the wrapper's process group is stopped and continued.</summary>
[NeedsServers]
public sealed class SshForkRunnerSuspensionTests(RemoteRunnerFixture fixture) : IClassFixture<RemoteRunnerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Runs until the test creates <c>gate</c> in the work dir, with a child in the background, then exits 0.</summary>
    private const string GatedApp = "sleep 300 &\necho $! > child.pid\nwhile [ ! -e gate ]; do sleep 0.05; done\nkill $!\nexit 0\n";

    private SshForkRunner NewRunner() =>
        new(fixture.Pool, fixture.Endpoint, new ExecutionOptions { KillGracePeriod = TimeSpan.FromSeconds(5) });

    [Fact]
    public void Only_running_jobs_can_be_suspended()
    {
        Assert.Equal([RemoteJobState.Running], NewRunner().SuspendableStates);
    }

    [Fact]
    public async Task Suspend_stops_every_process_of_the_group_and_continue_lets_the_job_finish()
    {
        var runner = NewRunner();
        var (workspace, pid) = await LaunchGatedAsync(runner);
        var before = runner.CommandsIssued;

        var suspended = await runner.SuspendAsync(workspace, pid, CancellationToken.None);

        Assert.Equal(SuspensionOutcome.Done, suspended.Outcome);
        Assert.Equal(1, runner.CommandsIssued - before);
        Assert.Contains($"Process group {pid}", suspended.Message, StringComparison.Ordinal);
        var stopped = await WaitForStatesAsync(pid, states => states.Count >= 3 && states.All(s => s.Stat.StartsWith('T')), "every process stopped");
        var child = (await ChildPidAsync(workspace)).ToString(CultureInfo.InvariantCulture);
        Assert.Contains(stopped, member => member.Pid == pid);
        Assert.Contains(stopped, member => member.Pid == child);
        Assert.Equal(RemoteJobState.Running, (await runner.CheckAsync(workspace, pid, CancellationToken.None)).State);
        Assert.Equal(SuspensionOutcome.Done, (await runner.SuspendAsync(workspace, pid, CancellationToken.None)).Outcome);

        // The gate opens while the group is stopped: only a continued job can see it and finish.
        await fixture.RunAsync($"touch {ShellQuoting.Quote(workspace.WorkDir + "/gate")}");
        Assert.All(await MemberStatesAsync(pid), member => Assert.StartsWith("T", member.Stat, StringComparison.Ordinal));
        var continued = await runner.ContinueAsync(workspace, pid, CancellationToken.None);

        Assert.Equal(SuspensionOutcome.Done, continued.Outcome);
        Assert.Contains("continued", continued.Message, StringComparison.Ordinal);
        var ended = await Poll.UntilAsync(() => runner.CheckAsync(workspace, pid, CancellationToken.None),
            s => s.State != RemoteJobState.Running, Deadline, "the continued job did not end");
        Assert.Equal((RemoteJobState.Completed, 0), (ended.State, ended.ExitCode));
    }

    [Fact]
    public async Task Without_a_recorded_id_the_pid_file_names_the_group_and_continue_of_a_running_job_changes_nothing()
    {
        var runner = NewRunner();
        var (workspace, pid) = await LaunchGatedAsync(runner);

        Assert.Equal(SuspensionOutcome.Done, (await runner.ContinueAsync(workspace, pid, CancellationToken.None)).Outcome);
        Assert.DoesNotContain(await MemberStatesAsync(pid), member => member.Stat.StartsWith('T'));

        Assert.Equal(SuspensionOutcome.Done, (await runner.SuspendAsync(workspace, "", CancellationToken.None)).Outcome);
        await WaitForStatesAsync(pid, states => states.Count >= 3 && states.All(s => s.Stat.StartsWith('T')), "every process stopped");
        Assert.Equal(SuspensionOutcome.Done, (await runner.ContinueAsync(workspace, "", CancellationToken.None)).Outcome);
        await WaitForStatesAsync(pid, states => states.All(s => !s.Stat.StartsWith('T')), "no process stopped");
        await runner.KillAsync(workspace, pid, CancellationToken.None);
    }

    [Fact]
    public async Task Kill_of_a_suspended_job_delivers_sigterm_so_the_app_ends_cleanly()
    {
        var runner = NewRunner();
        var workspace = await fixture.NewWorkspaceAsync("trap 'echo term > got-term; exit 143' TERM\nsleep 300 &\necho $! > child.pid\nwait\n");
        var pid = await runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None);
        await Poll.UntilAsync(() => ChildPidAsync(workspace), child => child > 0, Deadline, "the app did not start its child");
        Assert.Equal(SuspensionOutcome.Done, (await runner.SuspendAsync(workspace, pid, CancellationToken.None)).Outcome);
        await WaitForStatesAsync(pid, states => states.Count >= 3 && states.All(s => s.Stat.StartsWith('T')), "every process stopped");

        await runner.KillAsync(workspace, pid, CancellationToken.None);

        // Without SIGCONT a stopped process never sees SIGTERM: it would only die of the SIGKILL after the grace period.
        await WaitForStatesAsync(pid, states => states.Count == 0, "the group is gone");
        Assert.Equal("term\n", await fixture.RunAsync($"cat {ShellQuoting.Quote(workspace.WorkDir + "/got-term")}"));
    }

    [Fact]
    public async Task An_ended_or_unknown_job_answers_ended()
    {
        var runner = NewRunner();
        var (workspace, pid) = await LaunchGatedAsync(runner);
        await fixture.RunAsync($"touch {ShellQuoting.Quote(workspace.WorkDir + "/gate")}");
        await Poll.UntilAsync(() => runner.CheckAsync(workspace, pid, CancellationToken.None),
            s => s.State == RemoteJobState.Completed, Deadline, "the job did not end");

        var suspended = await runner.SuspendAsync(workspace, pid, CancellationToken.None);
        var continued = await runner.ContinueAsync(workspace, pid, CancellationToken.None);

        Assert.Equal((SuspensionOutcome.Ended, SuspensionOutcome.Ended), (suspended.Outcome, continued.Outcome));
        Assert.Contains("has ended", suspended.Message, StringComparison.Ordinal);

        // No exit code, and ids that are not the wrapper of a live job: a live process that leads no session of its own
        // (as a recycled pid would be) is never signalled.
        var other = await fixture.NewWorkspaceAsync("true\n");
        var bystander = (await fixture.RunAsync("nohup sleep 60 >/dev/null 2>&1 </dev/null & echo $!")).Trim();
        try
        {
            foreach (var notOurs in new[] { bystander, "1", "0", "-5", "1; touch injected", "" })
            {
                var answer = await runner.SuspendAsync(other, notOurs, CancellationToken.None);
                Assert.True(answer.Outcome == SuspensionOutcome.Ended, $"'{notOurs}': {answer}");
            }

            Assert.DoesNotContain("T", (await fixture.RunAsync($"ps -o stat= -p {bystander}")).Trim(), StringComparison.Ordinal);
            Assert.Equal("absent", (await fixture.RunAsync($"cd {ShellQuoting.Quote(other.WorkDir)} && {{ test -e injected && echo present || echo absent; }}")).Trim());
        }
        finally
        {
            await fixture.RunAsync($"kill {bystander} 2>/dev/null; true");
        }
    }

    private async Task<(JobWorkspace Workspace, string Pid)> LaunchGatedAsync(SshForkRunner runner)
    {
        var workspace = await fixture.NewWorkspaceAsync(GatedApp);
        var pid = await runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None);
        await Poll.UntilAsync(() => ChildPidAsync(workspace), child => child > 0, Deadline, "the app did not start its child");
        return (workspace, pid);
    }

    private async Task<int> ChildPidAsync(JobWorkspace workspace)
    {
        var text = (await fixture.RunAsync($"cat {ShellQuoting.Quote(workspace.WorkDir + "/child.pid")} 2>/dev/null; true")).Trim();
        return int.TryParse(text, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
    }

    /// <summary>Every live process of group <paramref name="group"/> on the SSH host with its <c>ps</c> state (<c>T</c>: stopped).</summary>
    private async Task<IReadOnlyList<(string Pid, string Stat)>> MemberStatesAsync(string group)
    {
        var lines = await fixture.RunAsync("ps -eo pgid=,pid=,stat=");
        return lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 3 && fields[0] == group && !fields[2].StartsWith('Z'))
            .Select(fields => (fields[1], fields[2]))
            .ToList();
    }

    private Task<IReadOnlyList<(string Pid, string Stat)>> WaitForStatesAsync(string group,
        Func<IReadOnlyList<(string Pid, string Stat)>, bool> done, string what) =>
        Poll.UntilAsync(() => MemberStatesAsync(group), done, Deadline, $"not {what} in group {group}");
}
