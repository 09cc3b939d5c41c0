using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>A restart of the service: the queue's counts come back from the database and waiting jobs go on.</summary>
[NeedsServers]
[Collection(GrainTestCollection.Name)]
public sealed class QueueRestartTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly JobProbe _probe = new(database.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _probe.DisposeAsync().AsTask();

    [Fact]
    public async Task After_a_restart_the_queue_snapshot_reflects_the_database_and_the_waiting_jobs_proceed()
    {
        var first = await GrainTestSilo.StartAsync(database.ConnectionString);
        string queue;
        Guid a, b, c;
        try
        {
            queue = await first.CreateQueueAsync(numWorkers: 1, maxMessages: 10);
            a = await first.AcceptGatedAsync(queue, "a");
            await _probe.WaitForStatusAsync(a, JobStatus.RUNNING);
            b = await first.AcceptGatedAsync(queue, "b");
            await first.WaitForQueueAsync(queue, s => s.Waiting == 1, "B waits for a slot");
            c = await first.AcceptGatedAsync(queue, "c");
            await _probe.WaitForStatusAsync(b, JobStatus.PENDING);
            await _probe.WaitForStatusAsync(c, JobStatus.PENDING);
        }
        catch
        {
            await first.DisposeAsync();
            throw;
        }

        // The silo goes away but its data dir stays and the job process it launched keeps running, as after a crash.
        await first.StopAsync();

        await using var second = await GrainTestSilo.StartAsync(database.ConnectionString, dataDir: first.DataDir);
        await using var sampler = new ActiveJobSampler(_probe, queue);
        var snapshot = await second.Queue(queue).GetSnapshotAsync();
        Assert.Equal((1, 2, 1), (snapshot.Active, snapshot.Backlog, snapshot.NumWorkers));

        // A is still RUNNING (its process survived) and is monitored again; B and C wait for its slot.
        Assert.Equal(JobStatus.RUNNING, (await _probe.RequireAsync(a)).Status);
        second.OpenGate("a");
        await _probe.WaitForStatusAsync(a, JobStatus.FINISHED);
        await _probe.WaitForStatusAsync(b, JobStatus.RUNNING);
        Assert.Equal(JobStatus.PENDING, (await _probe.RequireAsync(c)).Status);
        second.OpenGate("b");
        await _probe.WaitForStatusAsync(b, JobStatus.FINISHED);
        second.OpenGate("c");
        await _probe.WaitForStatusAsync(c, JobStatus.FINISHED);
        await sampler.AssertNeverMoreThanAsync(1);

        snapshot = await second.Queue(queue).GetSnapshotAsync();
        Assert.Equal((0, 0, 0), (snapshot.Active, snapshot.Backlog, snapshot.Waiting));
    }
}
