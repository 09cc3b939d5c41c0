using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Remote;
using Xunit;
using static AloeOrleans.Tests.Infrastructure.Remote.RemoteTestEnvironment;

namespace AloeOrleans.Tests.Execution.Remote;

/// <summary>
/// Pause and resume of Slurm jobs against the real single-node Slurm: a pending job is held and released; a running
/// one cannot be paused. A job stays pending for the test because it is submitted with a begin time an hour ahead
/// (squeue reason BeginTime), under the job's UUID as name, as the runner would have submitted it.
/// </summary>
[NeedsServers]
public sealed class SlurmRunnerSuspensionTests(RemoteRunnerFixture fixture) : IClassFixture<RemoteRunnerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static readonly JobResourceRequest Resources = new() { MaxHours = 0.1, RemoteQueue = SlurmShortPartition };

    private SlurmRunner NewRunner() =>
        new(fixture.Pool, fixture.Endpoint, new ExecutionOptions { KillGracePeriod = TimeSpan.FromSeconds(10) });

    [Fact]
    public void Only_queued_jobs_can_be_suspended()
    {
        Assert.Equal([RemoteJobState.Queued], NewRunner().SuspendableStates);
    }

    [Fact]
    public async Task A_pending_job_is_held_and_released()
    {
        var (workspace, id) = await SubmitPendingAsync();
        var runner = NewRunner();

        var held = await runner.SuspendAsync(workspace, id, CancellationToken.None);

        Assert.Equal(SuspensionOutcome.Done, held.Outcome);
        Assert.Contains($"Slurm job {id} is held", held.Message, StringComparison.Ordinal);
        Assert.Equal(1, runner.CommandsIssued("scontrol-hold"));
        Assert.Matches("^PENDING\\|JobHeld(User|Admin)$", await StateAndReasonAsync(id));
        // Monitoring still sees a queued job; asking again is harmless.
        Assert.Equal(RemoteJobState.Queued, (await runner.CheckAsync(workspace, id, CancellationToken.None)).State);
        Assert.Equal(SuspensionOutcome.Done, (await runner.SuspendAsync(workspace, id, CancellationToken.None)).Outcome);

        var released = await runner.ContinueAsync(workspace, id, CancellationToken.None);

        Assert.Equal(SuspensionOutcome.Done, released.Outcome);
        Assert.Contains("released", released.Message, StringComparison.Ordinal);
        var afterRelease = await Poll.UntilAsync(() => StateAndReasonAsync(id), s => !s.Contains("JobHeld", StringComparison.Ordinal), Deadline,
            $"Slurm job {id} is still held");
        Assert.StartsWith("PENDING|", afterRelease, StringComparison.Ordinal);

        // Continue of a job that is not held releases nothing.
        var again = await runner.ContinueAsync(workspace, id, CancellationToken.None);
        Assert.Equal(SuspensionOutcome.Done, again.Outcome);
        Assert.Contains("not held", again.Message, StringComparison.Ordinal);
        Assert.Equal(1, runner.CommandsIssued("scontrol-release"));
    }

    [Fact]
    public async Task Without_a_recorded_id_the_job_is_found_by_name_and_a_held_job_can_be_cancelled()
    {
        var (workspace, id) = await SubmitPendingAsync();
        var runner = NewRunner();

        Assert.Equal(SuspensionOutcome.Done, (await runner.SuspendAsync(workspace, "", CancellationToken.None)).Outcome);
        Assert.Matches("^PENDING\\|JobHeld(User|Admin)$", await StateAndReasonAsync(id));

        await runner.KillAsync(workspace, "", CancellationToken.None);

        Assert.StartsWith("CANCELLED|", await StateAndReasonAsync(id), StringComparison.Ordinal);
        var continued = await runner.ContinueAsync(workspace, id, CancellationToken.None);
        Assert.Equal(SuspensionOutcome.Ended, continued.Outcome);
        Assert.Contains("has ended (CANCELLED)", continued.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_job_cannot_be_paused_and_is_left_untouched()
    {
        var workspace = await fixture.NewWorkspaceAsync("sleep 300\n");
        var runner = NewRunner();
        var id = await runner.LaunchAsync(workspace, Resources, LaunchAttempt.First, CancellationToken.None);
        fixture.TrackSlurmJob(id);
        await Poll.UntilAsync(() => runner.CheckAsync(workspace, id, CancellationToken.None),
            s => s.State == RemoteJobState.Running && s.Message is null, Deadline, $"Slurm job {id} did not start running");

        var refused = await runner.SuspendAsync(workspace, id, CancellationToken.None);

        Assert.Equal(SuspensionOutcome.NotPossible, refused.Outcome);
        Assert.Contains($"Slurm job {id} is RUNNING", refused.Message, StringComparison.Ordinal);
        Assert.Contains("scontrol suspend", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, runner.CommandsIssued("scontrol-hold"));
        // Not held behind the service's back either (scontrol would hold a running job without complaint).
        Assert.Equal("RUNNING|None", await StateAndReasonAsync(id));
        Assert.NotEqual("0", (await fixture.RunAsync($"squeue --noheader --format=%Q --jobs={id}")).Trim());

        var continued = await runner.ContinueAsync(workspace, id, CancellationToken.None);
        Assert.Equal(SuspensionOutcome.Done, continued.Outcome);
        Assert.Contains("not held", continued.Message, StringComparison.Ordinal);
        await runner.KillAsync(workspace, id, CancellationToken.None);
    }

    [Fact]
    public async Task An_ended_or_unknown_job_answers_ended()
    {
        var workspace = await fixture.NewWorkspaceAsync("true\n");
        var runner = NewRunner();
        var id = await runner.LaunchAsync(workspace, Resources, LaunchAttempt.First, CancellationToken.None);
        fixture.TrackSlurmJob(id);
        await Poll.UntilAsync(() => runner.CheckAsync(workspace, id, CancellationToken.None),
            s => s.State == RemoteJobState.Completed, Deadline, $"Slurm job {id} did not complete");

        var suspended = await runner.SuspendAsync(workspace, id, CancellationToken.None);
        Assert.Equal(SuspensionOutcome.Ended, suspended.Outcome);
        Assert.Contains("nothing to suspend", suspended.Message, StringComparison.Ordinal);

        // An id Slurm never gave, an id of another job (the name does not match), a job of this name that does not exist.
        var other = await fixture.NewWorkspaceAsync("true\n");
        foreach (var remoteJobId in new[] { "999999999", id, "" })
        {
            Assert.Equal(SuspensionOutcome.Ended, (await runner.SuspendAsync(other, remoteJobId, CancellationToken.None)).Outcome);
            Assert.Equal(SuspensionOutcome.Ended, (await runner.ContinueAsync(other, remoteJobId, CancellationToken.None)).Outcome);
        }

        Assert.Equal(0, runner.CommandsIssued("scontrol-hold") + runner.CommandsIssued("scontrol-release"));
    }

    /// <summary>A job that stays PENDING (reason BeginTime) named after its workspace's UUID; cancelled when the class ends.</summary>
    private async Task<(JobWorkspace Workspace, string Id)> SubmitPendingAsync()
    {
        var workspace = await fixture.NewWorkspaceAsync("true\n");
        var id = (await fixture.RunAsync(
            $"sbatch --parsable --begin=now+1hour --job-name={workspace.JobUuid} --partition={ShellQuote(SlurmShortPartition)} --time=1 " +
            $"--chdir={ShellQuote(workspace.WorkDir)} --output=/dev/null --wrap=true")).Trim();
        Assert.Matches("^[0-9]+$", id);
        fixture.TrackSlurmJob(id);
        Assert.Equal("PENDING|BeginTime", await StateAndReasonAsync(id));
        return (workspace, id);
    }

    private async Task<string> StateAndReasonAsync(string id) =>
        (await fixture.RunAsync($"squeue --noheader --states=all --format=%T\\|%r --jobs={id}")).Trim();
}
