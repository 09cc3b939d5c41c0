using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>Cancel through the job grain: what it stops, what it frees in the queue, and when it is refused.</summary>
[Collection(GrainTestCollection.Name)]
public sealed class CancelTests(PostgresDatabaseFixture database)
    : GrainSiloTest(database), IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Cancelling_a_pending_job_stops_it_and_releases_its_backlog_place()
    {
        var queue = await Silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        var running = await Silo.AcceptGatedAsync(queue, "running");
        await Probe.WaitForStatusAsync(running, JobStatus.RUNNING);
        var pending = await Silo.AcceptGatedAsync(queue, "pending");
        await Probe.WaitForStatusAsync(pending, JobStatus.PENDING);
        var before = await Silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((1, 1), (before.Active, before.Backlog));

        var result = await Silo.Job(pending).CancelAsync("alice");

        Assert.Equal(ActionOutcome.Done, result.Outcome);
        Assert.Equal(JobStatus.STOPPED, result.Job!.Status);
        var stopped = await Probe.RequireAsync(pending);
        Assert.Equal(JobStatus.STOPPED, stopped.Status);
        Assert.NotNull(stopped.Ended);
        Assert.Null(stopped.RemoteJobId);
        Assert.Contains("alice", (await Probe.HistoryAsync(pending))[^1].Description, StringComparison.Ordinal);
        var after = await Silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((1, 0, 0), (after.Active, after.Backlog, after.Waiting));

        // The slot held by the running job is untouched; the pending job never starts.
        Silo.OpenGate("running");
        Silo.OpenGate("pending");
        await Probe.WaitForStatusAsync(running, JobStatus.FINISHED);
        Assert.Equal(JobStatus.STOPPED, (await Probe.RequireAsync(pending)).Status);
    }

    [Fact]
    public async Task Cancelling_a_running_job_kills_its_process_group_and_frees_its_slot()
    {
        var queue = await Silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        var uuid = Guid.NewGuid();
        Assert.Equal(AcceptOutcome.Accepted, (await Silo.Job(uuid).AcceptAsync(await Silo.SubmissionAsync(TestApps.SpawnApp, queue, name: "spawner"))).Outcome);
        var running = await Probe.WaitForStatusAsync(uuid, JobStatus.RUNNING);
        var childPidFile = Path.Combine(running.WorkPath!, "child.pid");
        await Poll.UntilAsync(() => File.Exists(childPidFile) && File.ReadAllText(childPidFile).Trim().Length > 0, "the app wrote child.pid");
        var child = int.Parse(File.ReadAllText(childPidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var wrapper = int.Parse(running.RemoteJobId!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Processes.IsAlive(child), "The child sleep is not running before the cancel.");

        var result = await Silo.Job(uuid).CancelAsync("alice");

        Assert.Equal(ActionOutcome.Done, result.Outcome);
        var stopped = await Probe.RequireAsync(uuid);
        Assert.Equal(JobStatus.STOPPED, stopped.Status);
        Assert.NotNull(stopped.RemoteEnded);
        Assert.False(Processes.IsAlive(child), $"The app's child {child} survived the cancel.");
        Assert.False(Processes.IsAlive(wrapper), $"The wrapper {wrapper} survived the cancel.");
        var snapshot = await Silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((0, 0), (snapshot.Active, snapshot.Backlog));
    }

    [Fact]
    public async Task Cancel_is_refused_in_accepted_and_terminal_states()
    {
        // An ACCEPTED row as a crash right after the commit leaves it (written by the store; no grain ran yet).
        var queue = await Silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        var acceptedUuid = Guid.NewGuid();
        var submission = await Silo.SubmissionAsync("wc-1.0", queue);
        await Probe.Store.InsertAcceptedAsync(JobRecords.Accepted(acceptedUuid, submission), new("ACCEPTED", "accepted by the test", "alice"), CancellationToken.None);

        var accepted = await Silo.Job(acceptedUuid).CancelAsync("alice");

        Assert.Equal(ActionOutcome.NotAllowedInState, accepted.Outcome);
        Assert.Contains("ACCEPTED", accepted.Message, StringComparison.Ordinal);
        Assert.Equal(JobStatus.ACCEPTED, (await Probe.RequireAsync(acceptedUuid)).Status);

        var finishedUuid = Guid.NewGuid();
        Assert.Equal(AcceptOutcome.Accepted, (await Silo.Job(finishedUuid).AcceptAsync(await Silo.SubmissionAsync(TestApps.FailApp, queue))).Outcome);
        var failed = await Probe.WaitForStatusAsync(finishedUuid, JobStatus.FAILED);
        var events = (await Probe.HistoryAsync(finishedUuid)).Count;

        var terminal = await Silo.Job(finishedUuid).CancelAsync("alice");

        Assert.Equal(ActionOutcome.NotAllowedInState, terminal.Outcome);
        Assert.Contains("FAILED", terminal.Message, StringComparison.Ordinal);
        var after = await Probe.RequireAsync(finishedUuid);
        Assert.Equal((JobStatus.FAILED, failed.Version), (after.Status, after.Version));
        Assert.Equal(events, (await Probe.HistoryAsync(finishedUuid)).Count);

        Assert.Equal(ActionOutcome.NotFound, (await Silo.Job(Guid.NewGuid()).CancelAsync("alice")).Outcome);
    }
}
