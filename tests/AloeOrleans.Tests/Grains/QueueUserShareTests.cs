using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>
/// One user's jobs hold at most their share of a queue's workers (default half), also right after a restart, when the
/// queue rebuilds every job's owner from the database.
/// </summary>
[NeedsServers]
[Collection(GrainTestCollection.Name)]
public sealed class QueueUserShareTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly JobProbe _probe = new(database.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _probe.DisposeAsync().AsTask();

    [Fact]
    public async Task A_user_holds_half_the_workers_before_and_after_a_restart_and_another_users_job_gets_a_free_one()
    {
        var first = await GrainTestSilo.StartAsync(database.ConnectionString);
        string queue;
        Dictionary<Guid, string> alice;
        try
        {
            queue = await first.CreateQueueAsync(numWorkers: 4, maxMessages: 20);
            alice = new Dictionary<Guid, string>();
            foreach (var gate in new[] { "a1", "a2", "a3" })
            {
                alice[await first.AcceptGatedAsync(queue, gate, "alice")] = gate;
            }

            // Two of the four workers stay free, but alice holds her share: her third job waits.
            await first.WaitForQueueAsync(queue, s => s.Active == 2 && s.Waiting == 1, "two of alice's jobs run, one waits");
        }
        catch
        {
            await first.DisposeAsync();
            throw;
        }

        var (running, waiting) = await SplitAsync(alice.Keys);
        Assert.Equal((2, 1), (running.Count, waiting.Count));
        await first.StopAsync();

        await using var second = await GrainTestSilo.StartAsync(database.ConnectionString, dataDir: first.DataDir);
        var bob = await second.AcceptGatedAsync(queue, "b", "bob");
        await _probe.WaitForStatusAsync(bob, JobStatus.RUNNING);
        // The restarted queue read alice's two running jobs and their owner back: her third job still waits.
        var after = await second.WaitForQueueAsync(queue, s => s.Active == 3 && s.Waiting == 1, "alice's third job waits after the restart");
        Assert.Equal(4, after.NumWorkers);
        Assert.Equal(JobStatus.PENDING, (await _probe.RequireAsync(waiting[0])).Status);

        second.OpenGate(alice[running[0]]);
        await _probe.WaitForStatusAsync(running[0], JobStatus.FINISHED);
        await _probe.WaitForStatusAsync(waiting[0], JobStatus.RUNNING);
        foreach (var gate in alice.Values.Append("b"))
        {
            second.OpenGate(gate);
        }

        foreach (var uuid in alice.Keys.Append(bob))
        {
            await _probe.WaitForStatusAsync(uuid, JobStatus.FINISHED);
        }
    }

    private async Task<(List<Guid> Running, List<Guid> Waiting)> SplitAsync(IEnumerable<Guid> jobs)
    {
        var running = new List<Guid>();
        var waiting = new List<Guid>();
        foreach (var uuid in jobs)
        {
            var job = await _probe.WaitForAsync(uuid, j => j.Status is JobStatus.RUNNING or JobStatus.PENDING, "RUNNING or PENDING");
            (job.Status == JobStatus.RUNNING ? running : waiting).Add(uuid);
        }

        return (running, waiting);
    }
}
