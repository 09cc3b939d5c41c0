using AloeOrleans.GrainInterfaces.Jobs;
using System.Diagnostics;
using System.Globalization;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Tests.Grains;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Units;

/// <summary>The FORK runner with real processes: a wrapper written by JobScriptWriter around tiny apps.</summary>
public sealed class LocalForkRunnerTests : IDisposable
{
    private readonly TempFolder _temp = new("aloe-fork-");
    private readonly LocalForkRunner _runner = TestSystemAccess.LocalRunner(
        Options.Create(new ExecutionOptions { LaunchTimeout = TimeSpan.FromSeconds(20), KillGracePeriod = TimeSpan.FromSeconds(2) }));

    public void Dispose()
    {
        GrainTestSilo.KillJobProcesses(_temp.Path);
        _temp.Dispose();
    }

    [Fact]
    public async Task Launching_the_same_work_dir_twice_runs_the_app_once()
    {
        var workspace = await WriteJobAsync("echo ran >> runs.txt\n");

        var first = await _runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None);
        var completed = await WaitUntilEndedAsync(workspace, first);
        var second = await _runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.Retry, CancellationToken.None);
        // Even the wrapper run again by hand (a launch whose id was lost) does not start the app again.
        await RunToEndAsync("bash", workspace.WrapperScript);

        Assert.Equal(first, second);
        Assert.Equal(RemoteJobState.Completed, completed.State);
        Assert.Equal(["ran"], await File.ReadAllLinesAsync(Path.Combine(workspace.WorkDir, "runs.txt")));
    }

    [Fact]
    public async Task The_remote_id_is_the_wrappers_pid_and_it_leads_its_own_process_group()
    {
        var workspace = await WriteJobAsync("while [ ! -e gate ]; do sleep 0.05; done\n");

        var pid = int.Parse(await _runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None), CultureInfo.InvariantCulture);

        var stat = await File.ReadAllTextAsync($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        Assert.Equal((pid.ToString(CultureInfo.InvariantCulture), pid.ToString(CultureInfo.InvariantCulture)), (fields[2], fields[3]));
        await File.WriteAllTextAsync(Path.Combine(workspace.WorkDir, "gate"), "");
        Assert.Equal(RemoteJobState.Completed, (await WaitUntilEndedAsync(workspace, pid.ToString(CultureInfo.InvariantCulture))).State);
    }

    [Fact]
    public async Task Check_reports_running_then_completed_with_the_apps_exit_code()
    {
        var workspace = await WriteJobAsync("while [ ! -e gate ]; do sleep 0.05; done\nexit 7\n");
        var id = await _runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None);

        var running = await _runner.CheckAsync(workspace, id, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(workspace.WorkDir, "gate"), "");
        var completed = await WaitUntilEndedAsync(workspace, id);

        Assert.Equal(RemoteJobState.Running, running.State);
        Assert.Equal((RemoteJobState.Completed, 7), (completed.State, completed.ExitCode));
        Assert.Contains("7", completed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_reports_vanished_when_the_group_is_killed_before_an_exit_code_is_written()
    {
        var workspace = await WriteJobAsync("sleep 300\n");
        var id = await _runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None);
        Assert.Equal(RemoteJobState.Running, (await _runner.CheckAsync(workspace, id, CancellationToken.None)).State);

        Assert.True(PosixSignals.SignalGroup(int.Parse(id, CultureInfo.InvariantCulture), PosixSignals.SIGKILL), $"No process group {id} to kill.");
        var ended = await WaitUntilEndedAsync(workspace, id);

        Assert.Equal(RemoteJobState.Vanished, ended.State);
        Assert.Null(ended.ExitCode);
        Assert.False(File.Exists(workspace.ExitCodeFile));
    }

    /// <summary>
    /// The wrapper records the exit code and then ends. A check whose first look found no code and whose second found no
    /// wrapper had met a job ending between the two: it looks at the code once more (found by a rolling-restart test under
    /// load, where such a finished job was failed as vanished).
    /// </summary>
    [Fact]
    public async Task A_job_that_ends_between_the_looks_of_a_check_is_completed_not_vanished()
    {
        var looks = new List<string>();
        var exitRecorded = false;

        var status = await LocalForkRunner.StatusAsync(
            () =>
            {
                looks.Add("exit code");
                return Task.FromResult(exitRecorded ? new RemoteJobStatus(RemoteJobState.Completed, 0, "The app exited with code 0.") : null);
            },
            () =>
            {
                looks.Add("wrapper");
                exitRecorded = true; // the job recorded its code and ended meanwhile
                return false;
            },
            "4242");

        Assert.Equal((RemoteJobState.Completed, 0), (status.State, status.ExitCode));
        Assert.Equal(["exit code", "wrapper", "exit code"], looks);
    }

    [Fact]
    public async Task A_check_reports_running_without_a_second_look_and_vanished_only_when_no_code_follows_the_wrapper()
    {
        var exitLooks = 0;
        Task<RemoteJobStatus?> NoExit()
        {
            exitLooks++;
            return Task.FromResult<RemoteJobStatus?>(null);
        }

        var running = await LocalForkRunner.StatusAsync(NoExit, () => true, "4242");
        Assert.Equal((RemoteJobState.Running, 1), (running.State, exitLooks));

        var vanished = await LocalForkRunner.StatusAsync(NoExit, () => false, "4242");
        Assert.Equal((RemoteJobState.Vanished, 3), (vanished.State, exitLooks));
        Assert.Contains("Process 4242 ended without recording an exit code", vanished.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_of_an_unrelated_live_pid_is_not_mistaken_for_the_job()
    {
        var workspace = await WriteJobAsync("true\n");
        Directory.CreateDirectory(workspace.ControlDir);

        // This test process is alive but does not lead its own session: a recycled pid must not look like the wrapper.
        var status = await _runner.CheckAsync(workspace, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), CancellationToken.None);

        Assert.Equal(RemoteJobState.Vanished, status.State);
    }

    [Fact]
    public async Task Kill_removes_the_whole_process_group_including_children_of_the_app()
    {
        var workspace = await WriteJobAsync("sleep 300 &\necho $! > child.pid\nwait\n");
        var id = await _runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None);
        var childPidFile = Path.Combine(workspace.WorkDir, "child.pid");
        await Poll.UntilAsync(() => File.Exists(childPidFile) && File.ReadAllText(childPidFile).Trim().Length > 0, "the app wrote child.pid");
        var child = int.Parse(File.ReadAllText(childPidFile).Trim(), CultureInfo.InvariantCulture);
        var wrapper = int.Parse(id, CultureInfo.InvariantCulture);
        Assert.True(Processes.IsAlive(child));

        await _runner.KillAsync(workspace, id, CancellationToken.None);

        await Poll.UntilAsync(() => !Processes.IsAlive(child) && !Processes.IsAlive(wrapper), $"wrapper {wrapper} and child {child} are gone", TimeSpan.FromSeconds(10));
        Assert.Equal(RemoteJobState.Vanished, (await _runner.CheckAsync(workspace, id, CancellationToken.None)).State);
    }

    [Fact]
    public async Task Kill_without_a_recorded_id_finds_the_group_from_the_pid_file()
    {
        var workspace = await WriteJobAsync("sleep 300\n");
        var id = int.Parse(await _runner.LaunchAsync(workspace, JobResourceRequest.None, LaunchAttempt.First, CancellationToken.None), CultureInfo.InvariantCulture);

        await _runner.KillAsync(workspace, "", CancellationToken.None);

        await Poll.UntilAsync(() => !Processes.IsAlive(id), $"wrapper {id} is gone", TimeSpan.FromSeconds(10));
    }

    private Task<JobWorkspace> WriteJobAsync(string template) => LocalForkJobs.WriteAsync(_runner, _temp, template);

    private Task<RemoteJobStatus> WaitUntilEndedAsync(JobWorkspace workspace, string id) =>
        LocalForkJobs.WaitUntilEndedAsync(_runner, workspace, id, TimeSpan.FromSeconds(20));

    private static async Task RunToEndAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
    }
}
