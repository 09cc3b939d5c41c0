using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>The TenantQueueGrain's admission limit (maxMessages) and worker limit (numWorkers) with real jobs.</summary>
[Collection(GrainTestCollection.Name)]
public sealed class QueueLimitTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly JobProbe _probe = new(database.ConnectionString);
    private GrainTestSilo _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await GrainTestSilo.StartAsync(database.ConnectionString, new GrainSiloSettings { NumWorkers = 1, MaxMessages = 2 });

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _probe.DisposeAsync();
    }

    [Fact]
    public async Task A_full_backlog_refuses_with_queue_full_and_stores_nothing()
    {
        // The DefaultQueue as the router creates it from Aloe:Queues (NumWorkers 1, MaxMessages 2).
        var queue = await _silo.DefaultQueueAsync();
        var running = await _silo.AcceptGatedAsync(queue, "running");
        await _probe.WaitForStatusAsync(running, JobStatus.RUNNING);

        var second = await _silo.AcceptGatedAsync(queue, "second");
        var third = await _silo.AcceptGatedAsync(queue, "third");
        await _probe.WaitForStatusAsync(third, JobStatus.PENDING);

        var refusedUuid = Guid.NewGuid();
        var refused = await _silo.Job(refusedUuid).AcceptAsync(await _silo.SubmissionAsync(TestApps.GateApp, queue, parametersJson: _silo.GateParameters("x")));

        Assert.Equal(AcceptOutcome.QueueFull, refused.Outcome);
        Assert.Null(refused.Job);
        Assert.Contains(queue, refused.Message, StringComparison.Ordinal);
        Assert.Null(await _probe.GetAsync(refusedUuid));
        Assert.Equal(0, await _probe.ScalarAsync("SELECT count(*) FROM aloe_job_events WHERE job_uuid = @u", ("u", refusedUuid)));
        Assert.Equal(3, await _probe.CountJobsAsync(queue));
        var snapshot = await _silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((2, 1, 1, 2), (snapshot.Backlog, snapshot.Active, snapshot.NumWorkers, snapshot.MaxMessages));

        // A waiting job leaving the backlog makes room again.
        Assert.Equal(ActionOutcome.Done, (await _silo.Job(second).CancelAsync("alice")).Outcome);
        var admitted = await _silo.Job(Guid.NewGuid()).AcceptAsync(await _silo.SubmissionAsync(TestApps.GateApp, queue, parametersJson: _silo.GateParameters("x")));
        Assert.Equal(AcceptOutcome.Accepted, admitted.Outcome);

        foreach (var uuid in new[] { running, third, admitted.Job!.Uuid })
        {
            await _silo.Job(uuid).CancelAsync("alice");
        }
    }

    [Fact]
    public async Task One_worker_runs_one_job_at_a_time_and_the_next_proceeds_when_it_finishes_or_is_cancelled()
    {
        var queue = await _silo.CreateQueueAsync(numWorkers: 1, maxMessages: 10);
        await using var sampler = new ActiveJobSampler(_probe, queue);
        // One at a time, so "oldest" is well defined: A holds the slot, then B asks, then C.
        var a = await _silo.AcceptGatedAsync(queue, "a");
        await _probe.WaitForStatusAsync(a, JobStatus.RUNNING);
        var b = await _silo.AcceptGatedAsync(queue, "b");
        await _silo.WaitForQueueAsync(queue, s => s.Waiting == 1, "B waits for a slot");
        var c = await _silo.AcceptGatedAsync(queue, "c");
        await _silo.WaitForQueueAsync(queue, s => s.Waiting == 2, "C waits for a slot");
        // While A runs, B and C keep waiting: watch them for a while (A keeps running until its gate opens).
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(JobStatus.PENDING, (await _probe.RequireAsync(b)).Status);
            Assert.Equal(JobStatus.PENDING, (await _probe.RequireAsync(c)).Status);
            await Task.Delay(50);
        }

        var snapshot = await _silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((1, 2, 2), (snapshot.Active, snapshot.Backlog, snapshot.Waiting));

        // A finishes: B (the oldest waiting) takes the slot, C still waits.
        _silo.OpenGate("a");
        await _probe.WaitForStatusAsync(a, JobStatus.FINISHED);
        await _probe.WaitForStatusAsync(b, JobStatus.RUNNING);
        Assert.Equal(JobStatus.PENDING, (await _probe.RequireAsync(c)).Status);

        // B is cancelled while running: C takes the slot.
        Assert.Equal(ActionOutcome.Done, (await _silo.Job(b).CancelAsync("alice")).Outcome);
        await _probe.WaitForStatusAsync(c, JobStatus.RUNNING);
        Assert.Equal(JobStatus.STOPPED, (await _probe.RequireAsync(b)).Status);

        _silo.OpenGate("c");
        await _probe.WaitForStatusAsync(c, JobStatus.FINISHED);
        await sampler.AssertNeverMoreThanAsync(1);
        snapshot = await _silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((0, 0, 0), (snapshot.Active, snapshot.Backlog, snapshot.Waiting));
    }
}
