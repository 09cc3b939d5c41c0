using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Remote;
using Xunit;
using static AloeOrleans.Tests.Infrastructure.Remote.RemoteTestEnvironment;

namespace AloeOrleans.Tests.Execution.Remote;

/// <summary>SLURM over SSH against the single-node Slurm (with accounting) of <c>scripts/slurm.sh</c>.</summary>
[NeedsServers]
public sealed class SlurmRunnerTests(RemoteRunnerFixture fixture) : IClassFixture<RemoteRunnerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private SlurmRunner NewRunner() =>
        new(fixture.Pool, fixture.Endpoint, new ExecutionOptions { KillGracePeriod = TimeSpan.FromSeconds(10) });

    private static readonly JobResourceRequest Resources = new() { MaxHours = 0.1, RemoteQueue = SlurmShortPartition };

    private async Task<string> LaunchAsync(SlurmRunner runner, JobWorkspace workspace, LaunchAttempt attempt = LaunchAttempt.First)
    {
        var id = await runner.LaunchAsync(workspace, Resources, attempt, CancellationToken.None);
        fixture.TrackSlurmJob(id);
        return id;
    }

    private Task<RemoteJobStatus> WaitForEndAsync(SlurmRunner runner, JobWorkspace workspace, string id) =>
        Poll.UntilAsync(() => runner.CheckAsync(workspace, id, CancellationToken.None),
            s => s.State is not (RemoteJobState.Queued or RemoteJobState.Running), Deadline, $"Slurm job {id} did not end");

    /// <summary>sacct's lines of jobs with this name (allocations only), polled until <paramref name="done"/> accepts them.</summary>
    private Task<string[]> SacctByNameAsync(Guid name, Func<string[], bool> done) =>
        Poll.UntilAsync(async () => (await fixture.RunAsync(
                    $"sacct --noheader --parsable2 --allocations --starttime=now-1days --format=JobID,JobName,State --name={name}"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            done, Deadline, $"sacct did not show the expected jobs named {name}");

    [Fact]
    public async Task Launch_submits_with_the_uuid_as_name_and_the_job_completes()
    {
        var workspace = await fixture.NewWorkspaceAsync("echo ran >> marker.txt\n");
        var runner = NewRunner();
        var id = await LaunchAsync(runner, workspace);
        Assert.True(long.TryParse(id, out _), $"job id '{id}'");

        var status = await WaitForEndAsync(runner, workspace, id);
        Assert.Equal(RemoteJobState.Completed, status.State);
        Assert.Equal(0, status.ExitCode);

        var lines = await SacctByNameAsync(workspace.JobUuid, l => l.Length > 0 && l.All(x => x.EndsWith("|COMPLETED", StringComparison.Ordinal)));
        Assert.Equal([$"{id}|{workspace.JobUuid}|COMPLETED"], lines);
        Assert.Equal("ran\n", await fixture.RunAsync($"cat {ShellQuoting.Quote(workspace.WorkDir + "/marker.txt")}"));
    }

    [Fact]
    public async Task A_first_attempt_submits_without_looking_for_an_earlier_one()
    {
        var workspace = await fixture.NewWorkspaceAsync("true\n");
        var runner = NewRunner();

        var id = await LaunchAsync(runner, workspace, LaunchAttempt.First);

        Assert.True(long.TryParse(id, out _), $"job id '{id}'");
        Assert.Equal(1, runner.CommandsIssued("sbatch"));
        Assert.Equal(0, runner.CommandsIssued("squeue-by-name"));
        Assert.Equal(0, runner.CommandsIssued("sacct-by-name"));
        Assert.Equal(1, runner.TotalCommandsIssued);
    }

    [Fact]
    public async Task Launching_again_finds_the_same_job_and_never_submits_twice()
    {
        var workspace = await fixture.NewWorkspaceAsync("sleep 2\n");
        var id = await LaunchAsync(NewRunner(), workspace);

        // A fresh runner, as after a silo restart: the attempt after a crash is a retry.
        var retry = NewRunner();
        Assert.Equal(id, await LaunchAsync(retry, workspace, LaunchAttempt.Retry));
        Assert.Equal(0, retry.CommandsIssued("sbatch"));
        Assert.Equal(1, retry.CommandsIssued("squeue-by-name"));

        await WaitForEndAsync(retry, workspace, id);
        Assert.Equal(id, await LaunchAsync(retry, workspace, LaunchAttempt.Retry));
        Assert.Equal(0, retry.CommandsIssued("sbatch"));

        var lines = await SacctByNameAsync(workspace.JobUuid, l => l.Length > 0 && l.All(x => x.EndsWith("|COMPLETED", StringComparison.Ordinal)));
        Assert.Single(lines);
        Assert.StartsWith($"{id}|", lines[0]);
    }

    [Fact]
    public async Task An_app_exiting_3_is_failed()
    {
        var workspace = await fixture.NewWorkspaceAsync("exit 3\n");
        var runner = NewRunner();
        var id = await LaunchAsync(runner, workspace);

        var status = await WaitForEndAsync(runner, workspace, id);
        Assert.Equal(RemoteJobState.Failed, status.State);
        Assert.Contains("FAILED", status.Message);
        // The exit code comes from sacct; squeue alone does not know it.
        var withCode = await Poll.UntilAsync(() => runner.CheckAsync(workspace, id, CancellationToken.None),
            s => s.ExitCode is not null, Deadline, "sacct did not report the exit code");
        Assert.Equal(3, withCode.ExitCode);
    }

    [Fact]
    public async Task Kill_cancels_the_job()
    {
        var workspace = await fixture.NewWorkspaceAsync("sleep 300\n");
        var runner = NewRunner();
        var id = await LaunchAsync(runner, workspace);
        await Poll.UntilAsync(() => runner.CheckAsync(workspace, id, CancellationToken.None),
            s => s.State == RemoteJobState.Running && s.Message is null, Deadline, $"Slurm job {id} did not start running");

        await runner.KillAsync(workspace, id, CancellationToken.None);

        var status = await WaitForEndAsync(runner, workspace, id);
        Assert.Equal(RemoteJobState.Failed, status.State);
        Assert.Contains("CANCELLED", status.Message);
        await SacctByNameAsync(workspace.JobUuid, l => l.Length == 1 && l[0].StartsWith($"{id}|{workspace.JobUuid}|CANCELLED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_many_over_twenty_jobs_is_one_squeue_and_at_most_one_sacct()
    {
        var runner = NewRunner();
        var jobs = new List<(JobWorkspace Workspace, string Id)>();
        for (var i = 0; i < 20; i++)
        {
            var workspace = await fixture.NewWorkspaceAsync(i % 4 == 0 ? "exit 3\n" : "sleep 1\n");
            jobs.Add((workspace, await LaunchAsync(runner, workspace)));
        }

        var ids = jobs.Select(j => j.Id).ToList();
        var before = (Squeue: runner.CommandsIssued("squeue"), Sacct: runner.CommandsIssued("sacct"), Total: runner.TotalCommandsIssued);
        var statuses = await runner.CheckManyAsync(ids, CancellationToken.None);
        Assert.Equal(1, runner.CommandsIssued("squeue") - before.Squeue);
        Assert.True(runner.CommandsIssued("sacct") - before.Sacct <= 1);
        Assert.Equal(20, statuses.Count);
        Assert.All(ids, id => Assert.True(statuses.ContainsKey(id), $"no status for {id}"));

        // Every tick stays one squeue + at most one sacct, until all have ended.
        var final = await Poll.UntilAsync(async () =>
            {
                var squeue = runner.CommandsIssued("squeue");
                var sacct = runner.CommandsIssued("sacct");
                var result = await runner.CheckManyAsync(ids, CancellationToken.None);
                Assert.Equal(1, runner.CommandsIssued("squeue") - squeue);
                Assert.True(runner.CommandsIssued("sacct") - sacct <= 1);
                return result;
            },
            r => r.Values.All(s => s.State is RemoteJobState.Completed || s is { State: RemoteJobState.Failed, ExitCode: not null }),
            Deadline, "not all 20 jobs ended");
        for (var i = 0; i < 20; i++)
        {
            var status = final[jobs[i].Id];
            Assert.Equal(i % 4 == 0 ? RemoteJobState.Failed : RemoteJobState.Completed, status.State);
            Assert.Equal(i % 4 == 0 ? 3 : 0, status.ExitCode);
        }
    }
}
