using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>The queue's periodic reconcile with the database reclaims a slot whose release was lost.</summary>
[Collection(GrainTestCollection.Name)]
public sealed class QueueReconcileTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly JobProbe _probe = new(database.ConnectionString);
    private GrainTestSilo _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await GrainTestSilo.StartAsync(database.ConnectionString, new GrainSiloSettings { ReconcileInterval = TimeSpan.FromSeconds(1) });

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _probe.DisposeAsync();
    }

    [Fact]
    public async Task A_slot_held_by_a_job_the_database_does_not_know_is_reclaimed_and_the_waiting_job_runs()
    {
        var queue = await _silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        // A holder whose release will never come (e.g. a job whose release call was lost): no row in aloe_jobs.
        var ghost = Guid.NewGuid();
        Assert.True(await _silo.Queue(queue).TryAdmitAsync(ghost));
        await _silo.Queue(queue).RequestSlotAsync(ghost);
        Assert.Equal(1, (await _silo.Queue(queue).GetSnapshotAsync()).Active);

        var waiting = await _silo.AcceptGatedAsync(queue, "w");

        // Within a few reconcile intervals (1 s, plus one interval of grace for fresh grants) the slot comes back.
        await _probe.WaitForStatusAsync(waiting, JobStatus.RUNNING, TimeSpan.FromSeconds(15));
        var snapshot = await _silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((1, 0), (snapshot.Active, snapshot.Backlog));
        _silo.OpenGate("w");
        await _probe.WaitForStatusAsync(waiting, JobStatus.FINISHED);
    }
}
