using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Remote;
using Xunit;

namespace AloeOrleans.Tests.Execution.Remote;

/// <summary>FORK over SSH against the real sshd of <c>scripts/sshd.sh</c>.</summary>
[NeedsServers]
public sealed class SshForkRunnerTests(RemoteRunnerFixture fixture) : IClassFixture<RemoteRunnerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private SshForkRunner NewRunner() =>
        new(fixture.Pool, fixture.Endpoint, new ExecutionOptions { KillGracePeriod = TimeSpan.FromSeconds(3) });

    [Fact]
    public async Task Launching_twice_runs_the_app_once_and_returns_the_same_pid()
    {
        var workspace = await fixture.NewWorkspaceAsync("echo ran >> marker.txt\nsleep 1\n");
        var runner = NewRunner();

        var first = await runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None);
        var second = await runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.Retry, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.True(int.Parse(first) > 1, $"pid '{first}'");
        await Poll.UntilAsync(() => runner.CheckAsync(workspace, first, CancellationToken.None),
            s => s.State == RemoteJobState.Completed, Deadline, "the job did not complete");
        var marker = await fixture.RunAsync($"cat {ShellQuoting.Quote(workspace.WorkDir + "/marker.txt")}");
        Assert.Equal("ran\n", marker);
    }

    [Fact]
    public async Task Check_reports_running_then_completed_with_the_apps_exit_code()
    {
        var workspace = await fixture.NewWorkspaceAsync("sleep 2\necho out\nexit 3\n");
        var runner = NewRunner();
        var pid = await runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None);

        var running = await runner.CheckAsync(workspace, pid, CancellationToken.None);
        Assert.Equal(RemoteJobState.Running, running.State);

        var done = await Poll.UntilAsync(() => runner.CheckAsync(workspace, pid, CancellationToken.None),
            s => s.State != RemoteJobState.Running, Deadline, "the job did not end");
        Assert.Equal(RemoteJobState.Completed, done.State);
        Assert.Equal(3, done.ExitCode);
        var stdout = await fixture.RunAsync($"cat {ShellQuoting.Quote(workspace.WorkDir + "/" + workspace.StdoutFileName)}");
        Assert.Equal("out\n", stdout);
    }

    [Fact]
    public async Task Kill_removes_the_whole_process_group()
    {
        var workspace = await fixture.NewWorkspaceAsync("sleep 300 &\necho $! > child.pid\nsleep 300\n");
        var runner = NewRunner();
        var pid = await runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None);
        var childFile = ShellQuoting.Quote(workspace.WorkDir + "/child.pid");
        var child = (await Poll.UntilAsync(() => fixture.RunAsync($"cat {childFile} 2>/dev/null; true"),
            s => s.Trim().Length > 0, Deadline, "the app did not start its child")).Trim();
        Assert.NotEqual("", (await fixture.RunAsync($"ps -o pid= -g {pid}; true")).Trim());

        await runner.KillAsync(workspace, pid, CancellationToken.None);

        var left = await fixture.RunAsync($"ps -o pid=,stat= -g {pid} | grep -v ' Z' ; true");
        Assert.True(left.Trim().Length == 0, $"processes of group {pid} left after kill: {left}");
        var childAlive = await fixture.RunAsync($"kill -0 {ShellQuoting.Quote(child)} 2>/dev/null && ps -o stat= -p {ShellQuoting.Quote(child)}; true");
        Assert.True(childAlive.Trim().Length == 0 || childAlive.Trim().StartsWith('Z'), $"child {child} still alive: {childAlive}");
        var status = await runner.CheckAsync(workspace, pid, CancellationToken.None);
        Assert.Equal(RemoteJobState.Vanished, status.State);
    }

    [Fact]
    public async Task Kill_with_an_empty_id_reads_the_pid_file()
    {
        var workspace = await fixture.NewWorkspaceAsync("sleep 300\n");
        var runner = NewRunner();
        var pid = await runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None);

        await runner.KillAsync(workspace, "", CancellationToken.None);

        var left = await fixture.RunAsync($"ps -o pid=,stat= -g {pid} | grep -v ' Z' ; true");
        Assert.True(left.Trim().Length == 0, $"processes of group {pid} left after kill: {left}");
    }

    [Fact]
    public async Task Check_many_probes_ten_jobs_in_one_ssh_command()
    {
        var jobs = new List<(JobWorkspace, string)>();
        var runner = NewRunner();
        for (var i = 0; i < 10; i++)
        {
            var workspace = await fixture.NewWorkspaceAsync(i % 2 == 0 ? $"exit {i}\n" : "sleep 60\n");
            jobs.Add((workspace, await runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None)));
        }

        // The even ones end at once; wait until the wrapper wrote their exit codes.
        foreach (var (workspace, pid) in jobs.Where((_, i) => i % 2 == 0))
        {
            await Poll.UntilAsync(() => runner.CheckAsync(workspace, pid, CancellationToken.None),
                s => s.State == RemoteJobState.Completed, Deadline, "a short job did not complete");
        }

        var before = runner.CommandsIssued;
        var batch = await runner.CheckManyAsync(jobs, CancellationToken.None);
        var statuses = batch.Statuses;
        Assert.Equal(1, runner.CommandsIssued - before);
        Assert.Equal(new Dictionary<string, int> { ["probe"] = 1 }, batch.Commands);

        Assert.Equal(10, statuses.Count);
        for (var i = 0; i < 10; i++)
        {
            if (i % 2 == 0)
            {
                Assert.Equal(RemoteJobState.Completed, statuses[i].State);
                Assert.Equal(i, statuses[i].ExitCode);
            }
            else
            {
                Assert.Equal(RemoteJobState.Running, statuses[i].State);
            }
        }

        foreach (var (workspace, pid) in jobs.Where((_, i) => i % 2 == 1))
        {
            await runner.KillAsync(workspace, pid, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_process_that_ended_without_an_exit_code_is_vanished()
    {
        var workspace = await fixture.NewWorkspaceAsync("sleep 300\n");
        var runner = NewRunner();
        var pid = await runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None);
        await fixture.RunAsync($"kill -KILL -- -{pid}; true");

        var status = await Poll.UntilAsync(() => runner.CheckAsync(workspace, pid, CancellationToken.None),
            s => s.State != RemoteJobState.Running, Deadline, "the killed job was still reported running");
        Assert.Equal(RemoteJobState.Vanished, status.State);
        Assert.Contains(pid, status.Message);
    }
}
