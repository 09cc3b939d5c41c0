using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>The queue's periodic reconcile with the database reclaims a slot whose release was lost.</summary>
[Collection(GrainTestCollection.Name)]
public sealed class QueueReconcileTests(PostgresDatabaseFixture database)
    : GrainSiloTest(database, new GrainSiloSettings { ReconcileInterval = TimeSpan.FromSeconds(1) }), IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_slot_held_by_a_job_the_database_does_not_know_is_reclaimed_and_the_waiting_job_runs()
    {
        var queue = await Silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        // A holder whose release will never come (e.g. a job whose release call was lost): no row in aloe_jobs.
        var ghost = Guid.NewGuid();
        Assert.Equal(QueueAdmission.Admitted, await Silo.Queue(queue).TryAdmitAsync(ghost));
        await Silo.Queue(queue).RequestSlotAsync(ghost, GrainTestSilo.Owner);
        Assert.Equal(1, (await Silo.Queue(queue).GetSnapshotAsync()).Active);

        var waiting = await Silo.AcceptGatedAsync(queue, "w");

        // Within a few reconcile intervals (1 s, plus one interval of grace for fresh grants) the slot comes back.
        await Probe.WaitForStatusAsync(waiting, JobStatus.RUNNING, TimeSpan.FromSeconds(15));
        var snapshot = await Silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((1, 0), (snapshot.Active, snapshot.Backlog));
        Silo.OpenGate("w");
        await Probe.WaitForStatusAsync(waiting, JobStatus.FINISHED);
    }
}
