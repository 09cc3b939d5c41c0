using AloeOrleans.GrainInterfaces.Jobs;
using System.Globalization;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Tests.EndToEnd;
using AloeOrleans.Tests.Grains;
using Microsoft.Extensions.Options;
using Xunit;
using RemotePoll = AloeOrleans.Tests.Execution.Remote.Poll;

namespace AloeOrleans.Tests.Units;

/// <summary>
/// Pause and resume of FORK jobs on this host with real processes: the wrapper's whole process group (the service's
/// wrapper and the app running as the run-as user, with its children) is stopped and continued.
/// </summary>
public sealed class LocalForkRunnerSuspensionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>Runs until the test creates <c>gate</c> in the work dir, with a child in the background, then exits 0.</summary>
    private const string GatedApp = "sleep 300 &\necho $! > child.pid\nwhile [ ! -e gate ]; do sleep 0.05; done\nkill $!\nexit 0\n";

    private readonly TempFolder _temp = new("aloe-suspend-");
    private readonly LocalForkRunner _runner = TestSystemAccess.LocalRunner(
        Options.Create(new ExecutionOptions { LaunchTimeout = TimeSpan.FromSeconds(20), KillGracePeriod = TimeSpan.FromSeconds(5) }));

    public void Dispose()
    {
        GrainTestSilo.KillJobProcesses(_temp.Path);
        _temp.Dispose();
    }

    [Fact]
    public void Only_running_jobs_can_be_suspended()
    {
        Assert.Equal([RemoteJobState.Running], _runner.SuspendableStates);
    }

    [Fact]
    public async Task Suspend_stops_every_process_of_the_group_and_continue_lets_the_job_finish()
    {
        var (workspace, id) = await LaunchGatedAsync();
        var group = int.Parse(id, CultureInfo.InvariantCulture);

        var suspended = await _runner.SuspendAsync(workspace, id, CancellationToken.None);

        Assert.Equal(SuspensionOutcome.Done, suspended.Outcome);
        Assert.Contains($"Process group {id}", suspended.Message, StringComparison.Ordinal);
        var stopped = await WaitForStatesAsync(group, states => states.Count >= 3 && states.All(member => member.State == 'T'), "every process stopped");
        // The wrapper, the app and its child, whatever user they run as.
        Assert.Contains(stopped, member => member.Pid == group);
        Assert.Contains(stopped, member => member.Pid == ChildPid(workspace));
        // A stopped job is still the job: monitoring keeps seeing it running, and asking twice is harmless.
        Assert.Equal(RemoteJobState.Running, (await _runner.CheckAsync(workspace, id, CancellationToken.None)).State);
        Assert.Equal(SuspensionOutcome.Done, (await _runner.SuspendAsync(workspace, id, CancellationToken.None)).Outcome);

        // The gate opens while the group is stopped: only a continued job can see it and finish.
        await File.WriteAllTextAsync(Path.Combine(workspace.WorkDir, "gate"), "");
        Assert.All(ProcessGroups.MemberStates(group), member => Assert.Equal('T', member.State));
        var continued = await _runner.ContinueAsync(workspace, id, CancellationToken.None);

        Assert.Equal(SuspensionOutcome.Done, continued.Outcome);
        Assert.Contains("continued", continued.Message, StringComparison.Ordinal);
        var ended = await WaitUntilEndedAsync(workspace, id);
        Assert.Equal((RemoteJobState.Completed, 0), (ended.State, ended.ExitCode));
    }

    [Fact]
    public async Task Continue_of_a_job_that_is_not_suspended_changes_nothing()
    {
        var (workspace, id) = await LaunchGatedAsync();

        var continued = await _runner.ContinueAsync(workspace, id, CancellationToken.None);

        Assert.Equal(SuspensionOutcome.Done, continued.Outcome);
        Assert.DoesNotContain(ProcessGroups.MemberStates(int.Parse(id, CultureInfo.InvariantCulture)), member => member.State == 'T');
        await File.WriteAllTextAsync(Path.Combine(workspace.WorkDir, "gate"), "");
        Assert.Equal(RemoteJobState.Completed, (await WaitUntilEndedAsync(workspace, id)).State);
    }

    [Fact]
    public async Task Without_a_recorded_id_the_pid_file_names_the_group()
    {
        var (workspace, id) = await LaunchGatedAsync();
        var group = int.Parse(id, CultureInfo.InvariantCulture);

        Assert.Equal(SuspensionOutcome.Done, (await _runner.SuspendAsync(workspace, "", CancellationToken.None)).Outcome);
        await WaitForStatesAsync(group, states => states.Count >= 3 && states.All(member => member.State == 'T'), "every process stopped");
        Assert.Equal(SuspensionOutcome.Done, (await _runner.ContinueAsync(workspace, "", CancellationToken.None)).Outcome);
        await WaitForStatesAsync(group, states => states.All(member => member.State != 'T'), "no process stopped");
    }

    [Fact]
    public async Task Kill_of_a_suspended_job_delivers_sigterm_so_the_app_ends_cleanly()
    {
        var workspace = await WriteJobAsync("trap 'echo term > got-term; exit 143' TERM\nsleep 300 &\necho $! > child.pid\nwait\n");
        var id = await _runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None);
        await Poll.UntilAsync(() => ChildPid(workspace) > 0, "the app wrote child.pid");
        Assert.Equal(SuspensionOutcome.Done, (await _runner.SuspendAsync(workspace, id, CancellationToken.None)).Outcome);
        var group = int.Parse(id, CultureInfo.InvariantCulture);
        await WaitForStatesAsync(group, states => states.Count >= 3 && states.All(member => member.State == 'T'), "every process stopped");

        await _runner.KillAsync(workspace, id, CancellationToken.None);

        // Without SIGCONT a stopped process never sees SIGTERM: it would only die of the SIGKILL after the grace period.
        await Poll.UntilAsync(() => ProcessGroups.Members(group).Count == 0, $"group {group} is gone", Deadline);
        Assert.Equal("term", (await File.ReadAllTextAsync(Path.Combine(workspace.WorkDir, "got-term"))).Trim());
    }

    [Fact]
    public async Task An_ended_or_unknown_job_answers_ended()
    {
        var (workspace, id) = await LaunchGatedAsync();
        await File.WriteAllTextAsync(Path.Combine(workspace.WorkDir, "gate"), "");
        await WaitUntilEndedAsync(workspace, id);

        var suspended = await _runner.SuspendAsync(workspace, id, CancellationToken.None);
        var continued = await _runner.ContinueAsync(workspace, id, CancellationToken.None);

        Assert.Equal((SuspensionOutcome.Ended, SuspensionOutcome.Ended), (suspended.Outcome, continued.Outcome));
        Assert.Contains("nothing to suspend", suspended.Message, StringComparison.Ordinal);

        // No exit code yet, and the id is not the job's wrapper: this test process leads no session of its own.
        var other = await WriteJobAsync("true\n");
        Directory.CreateDirectory(other.ControlDir);
        foreach (var notOurs in new[] { Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "1", "0", "-5", "abc", "" })
        {
            var answer = await _runner.SuspendAsync(other, notOurs, CancellationToken.None);
            Assert.True(answer.Outcome == SuspensionOutcome.Ended, $"'{notOurs}': {answer}");
        }

    }

    private async Task<(JobWorkspace Workspace, string Id)> LaunchGatedAsync()
    {
        var workspace = await WriteJobAsync(GatedApp);
        var id = await _runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None);
        await Poll.UntilAsync(() => ChildPid(workspace) > 0, "the app wrote child.pid");
        return (workspace, id);
    }

    private static int ChildPid(JobWorkspace workspace)
    {
        var file = Path.Combine(workspace.WorkDir, "child.pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : 0;
    }

    private static async Task<IReadOnlyList<(int Pid, char State)>> WaitForStatesAsync(int group,
        Func<IReadOnlyList<(int Pid, char State)>, bool> done, string what)
    {
        IReadOnlyList<(int Pid, char State)> states = [];
        await Poll.UntilAsync(() => done(states = ProcessGroups.MemberStates(group)), $"{what} in group {group}", Deadline);
        return states;
    }

    private Task<JobWorkspace> WriteJobAsync(string template) => LocalForkJobs.WriteAsync(_runner, _temp, template);

    private Task<RemoteJobStatus> WaitUntilEndedAsync(JobWorkspace workspace, string id) =>
        LocalForkJobs.WaitUntilEndedAsync(_runner, workspace, id, Deadline);
}
