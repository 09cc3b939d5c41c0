using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>
/// A queue whose row is gone while jobs still name it (accepted in the instant an import removed it) hands them to the
/// tenant's DefaultQueue: the waiting job runs there, the running one finishes, each with a TENANT_QUEUE_CHANGED event;
/// the removed queue admits nothing more (docs/queues.md, "Defining queues").
/// </summary>
[Collection(GrainTestCollection.Name)]
public sealed class QueueRemovalTests(PostgresDatabaseFixture database) : GrainSiloTest(database), IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Jobs_of_a_removed_queue_move_to_the_default_queue_and_run_there()
    {
        var queue = await Silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        var defaultQueue = await Silo.DefaultQueueAsync();
        var running = await Silo.AcceptGatedAsync(queue, "removed-running");
        await Probe.WaitForStatusAsync(running, JobStatus.RUNNING);
        var waiting = await Silo.AcceptGatedAsync(queue, "removed-waiting");
        await Probe.WaitForStatusAsync(waiting, JobStatus.PENDING);

        await using (var delete = Silo.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("DELETE FROM aloe_queues WHERE name = @name"))
        {
            delete.Parameters.AddWithValue("name", queue);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        await Silo.Queue(queue).RefreshAsync();

        // The DefaultQueue has room: the waiting job starts without waiting for the running one.
        await Probe.WaitForStatusAsync(waiting, JobStatus.RUNNING, TimeSpan.FromSeconds(30));
        Assert.Equal(QueueAdmission.Removed, await Silo.Queue(queue).TryAdmitAsync(Guid.NewGuid()));
        Silo.OpenGate("removed-running");
        Silo.OpenGate("removed-waiting");
        foreach (var uuid in new[] { running, waiting })
        {
            var job = await Probe.WaitForStatusAsync(uuid, JobStatus.FINISHED);
            Assert.Equal(defaultQueue, job.TenantQueue);
            var history = await Probe.HistoryTextAsync(uuid);
            Assert.Contains($"Moved from tenant queue {queue} to {defaultQueue}: tenant queue {queue} no longer exists", history, StringComparison.Ordinal);
        }
    }
}
