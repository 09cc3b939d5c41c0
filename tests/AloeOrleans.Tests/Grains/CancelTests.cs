using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>Cancel through the job grain: what it stops, what it frees in the queue, and when it is refused.</summary>
[Collection(GrainTestCollection.Name)]
public sealed class CancelTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly JobProbe _probe = new(database.ConnectionString);
    private GrainTestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await GrainTestSilo.StartAsync(database.ConnectionString);

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _probe.DisposeAsync();
    }

    [Fact]
    public async Task Cancelling_a_pending_job_stops_it_and_releases_its_backlog_place()
    {
        var queue = await _silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        var running = await _silo.AcceptGatedAsync(queue, "running");
        await _probe.WaitForStatusAsync(running, JobStatus.RUNNING);
        var pending = await _silo.AcceptGatedAsync(queue, "pending");
        await _probe.WaitForStatusAsync(pending, JobStatus.PENDING);
        var before = await _silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((1, 1), (before.Active, before.Backlog));

        var result = await _silo.Job(pending).CancelAsync("alice");

        Assert.Equal(ActionOutcome.Done, result.Outcome);
        Assert.Equal(JobStatus.STOPPED, result.Job!.Status);
        var stopped = await _probe.RequireAsync(pending);
        Assert.Equal(JobStatus.STOPPED, stopped.Status);
        Assert.NotNull(stopped.Ended);
        Assert.Null(stopped.RemoteJobId);
        Assert.Contains("alice", (await _probe.HistoryAsync(pending))[^1].Description, StringComparison.Ordinal);
        var after = await _silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((1, 0, 0), (after.Active, after.Backlog, after.Waiting));

        // The slot held by the running job is untouched; the pending job never starts.
        _silo.OpenGate("running");
        _silo.OpenGate("pending");
        await _probe.WaitForStatusAsync(running, JobStatus.FINISHED);
        Assert.Equal(JobStatus.STOPPED, (await _probe.RequireAsync(pending)).Status);
    }

    [Fact]
    public async Task Cancelling_a_running_job_kills_its_process_group_and_frees_its_slot()
    {
        var queue = await _silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        var uuid = Guid.NewGuid();
        Assert.Equal(AcceptOutcome.Accepted, (await _silo.Job(uuid).AcceptAsync(await _silo.SubmissionAsync(TestApps.SpawnApp, queue, name: "spawner"))).Outcome);
        var running = await _probe.WaitForStatusAsync(uuid, JobStatus.RUNNING);
        var childPidFile = Path.Combine(running.WorkPath!, "child.pid");
        await Poll.UntilAsync(() => File.Exists(childPidFile) && File.ReadAllText(childPidFile).Trim().Length > 0, "the app wrote child.pid");
        var child = int.Parse(File.ReadAllText(childPidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var wrapper = int.Parse(running.RemoteJobId!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Processes.IsAlive(child), "The child sleep is not running before the cancel.");

        var result = await _silo.Job(uuid).CancelAsync("alice");

        Assert.Equal(ActionOutcome.Done, result.Outcome);
        var stopped = await _probe.RequireAsync(uuid);
        Assert.Equal(JobStatus.STOPPED, stopped.Status);
        Assert.NotNull(stopped.RemoteEnded);
        Assert.False(Processes.IsAlive(child), $"The app's child {child} survived the cancel.");
        Assert.False(Processes.IsAlive(wrapper), $"The wrapper {wrapper} survived the cancel.");
        var snapshot = await _silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((0, 0), (snapshot.Active, snapshot.Backlog));
    }

    [Fact]
    public async Task Cancel_is_refused_in_accepted_and_terminal_states()
    {
        // An ACCEPTED row as a crash right after the commit leaves it (written by the store; no grain ran yet).
        var queue = await _silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        var acceptedUuid = Guid.NewGuid();
        var submission = await _silo.SubmissionAsync("wc-1.0", queue);
        await _probe.Store.InsertAcceptedAsync(JobRecords.Accepted(acceptedUuid, submission), new("ACCEPTED", "accepted by the test", "alice"), CancellationToken.None);

        var accepted = await _silo.Job(acceptedUuid).CancelAsync("alice");

        Assert.Equal(ActionOutcome.NotAllowedInState, accepted.Outcome);
        Assert.Contains("ACCEPTED", accepted.Message, StringComparison.Ordinal);
        Assert.Equal(JobStatus.ACCEPTED, (await _probe.RequireAsync(acceptedUuid)).Status);

        var finishedUuid = Guid.NewGuid();
        Assert.Equal(AcceptOutcome.Accepted, (await _silo.Job(finishedUuid).AcceptAsync(await _silo.SubmissionAsync(TestApps.FailApp, queue))).Outcome);
        var failed = await _probe.WaitForStatusAsync(finishedUuid, JobStatus.FAILED);
        var events = (await _probe.HistoryAsync(finishedUuid)).Count;

        var terminal = await _silo.Job(finishedUuid).CancelAsync("alice");

        Assert.Equal(ActionOutcome.NotAllowedInState, terminal.Outcome);
        Assert.Contains("FAILED", terminal.Message, StringComparison.Ordinal);
        var after = await _probe.RequireAsync(finishedUuid);
        Assert.Equal((JobStatus.FAILED, failed.Version), (after.Status, after.Version));
        Assert.Equal(events, (await _probe.HistoryAsync(finishedUuid)).Count);

        Assert.Equal(ActionOutcome.NotFound, (await _silo.Job(Guid.NewGuid()).CancelAsync("alice")).Outcome);
    }
}
