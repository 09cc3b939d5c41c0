using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>The TenantQueueGrain's admission limit (maxMessages) and worker limit (numWorkers) with real jobs.</summary>
[Collection(GrainTestCollection.Name)]
public sealed class QueueLimitTests(PostgresDatabaseFixture database)
    : GrainSiloTest(database, new GrainSiloSettings { NumWorkers = 1, MaxMessages = 2 }), IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_full_backlog_refuses_with_queue_full_and_stores_nothing()
    {
        // The DefaultQueue as the router creates it from Aloe:Queues (NumWorkers 1, MaxMessages 2).
        var queue = await Silo.DefaultQueueAsync();
        var running = await Silo.AcceptGatedAsync(queue, "running");
        await Probe.WaitForStatusAsync(running, JobStatus.RUNNING);

        var second = await Silo.AcceptGatedAsync(queue, "second");
        var third = await Silo.AcceptGatedAsync(queue, "third");
        await Probe.WaitForStatusAsync(third, JobStatus.PENDING);

        var refusedUuid = Guid.NewGuid();
        var refused = await Silo.Job(refusedUuid).AcceptAsync(await Silo.SubmissionAsync(TestApps.GateApp, queue, parametersJson: Silo.GateParameters("x")));

        Assert.Equal(AcceptOutcome.QueueFull, refused.Outcome);
        Assert.Null(refused.Job);
        Assert.Contains(queue, refused.Message, StringComparison.Ordinal);
        Assert.Null(await Probe.GetAsync(refusedUuid));
        Assert.Equal(0, await Probe.ScalarAsync("SELECT count(*) FROM aloe_job_events WHERE job_uuid = @u", ("u", refusedUuid)));
        Assert.Equal(3, await Probe.CountJobsAsync(queue));
        var snapshot = await Silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((2, 1, 1, 2), (snapshot.Backlog, snapshot.Active, snapshot.NumWorkers, snapshot.MaxMessages));

        // A waiting job leaving the backlog makes room again.
        Assert.Equal(ActionOutcome.Done, (await Silo.Job(second).CancelAsync("alice")).Outcome);
        var admitted = await Silo.Job(Guid.NewGuid()).AcceptAsync(await Silo.SubmissionAsync(TestApps.GateApp, queue, parametersJson: Silo.GateParameters("x")));
        Assert.Equal(AcceptOutcome.Accepted, admitted.Outcome);

        foreach (var uuid in new[] { running, third, admitted.Job!.Uuid })
        {
            await Silo.Job(uuid).CancelAsync("alice");
        }
    }

    [Fact]
    public async Task One_worker_runs_one_job_at_a_time_and_the_next_proceeds_when_it_finishes_or_is_cancelled()
    {
        var queue = await Silo.CreateQueueAsync(numWorkers: 1, maxMessages: 10);
        await using var sampler = new ActiveJobSampler(Probe, queue);
        // One at a time, so "oldest" is well defined: A holds the slot, then B asks, then C.
        var a = await Silo.AcceptGatedAsync(queue, "a");
        await Probe.WaitForStatusAsync(a, JobStatus.RUNNING);
        var b = await Silo.AcceptGatedAsync(queue, "b");
        await Silo.WaitForQueueAsync(queue, s => s.Waiting == 1, "B waits for a slot");
        var c = await Silo.AcceptGatedAsync(queue, "c");
        await Silo.WaitForQueueAsync(queue, s => s.Waiting == 2, "C waits for a slot");
        // While A runs, B and C keep waiting: watch them for a while (A keeps running until its gate opens).
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(JobStatus.PENDING, (await Probe.RequireAsync(b)).Status);
            Assert.Equal(JobStatus.PENDING, (await Probe.RequireAsync(c)).Status);
            await Task.Delay(50);
        }

        var snapshot = await Silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((1, 2, 2), (snapshot.Active, snapshot.Backlog, snapshot.Waiting));

        // A finishes: B (the oldest waiting) takes the slot, C still waits.
        Silo.OpenGate("a");
        await Probe.WaitForStatusAsync(a, JobStatus.FINISHED);
        await Probe.WaitForStatusAsync(b, JobStatus.RUNNING);
        Assert.Equal(JobStatus.PENDING, (await Probe.RequireAsync(c)).Status);

        // B is cancelled while running: C takes the slot.
        Assert.Equal(ActionOutcome.Done, (await Silo.Job(b).CancelAsync("alice")).Outcome);
        await Probe.WaitForStatusAsync(c, JobStatus.RUNNING);
        Assert.Equal(JobStatus.STOPPED, (await Probe.RequireAsync(b)).Status);

        Silo.OpenGate("c");
        await Probe.WaitForStatusAsync(c, JobStatus.FINISHED);
        await sampler.AssertNeverMoreThanAsync(1);
        snapshot = await Silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((0, 0, 0), (snapshot.Active, snapshot.Backlog, snapshot.Waiting));
    }
}
