using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>A replayed submission (same idempotency key) returns the first job and stores nothing new.</summary>
[Collection(GrainTestCollection.Name)]
public sealed class IdempotencyTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
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
    public async Task The_same_idempotency_key_twice_answers_already_accepted_with_the_first_job_and_one_row()
    {
        var queue = await _silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        var key = $"key-{Guid.NewGuid():N}";
        var firstUuid = Guid.NewGuid();
        var secondUuid = Guid.NewGuid();
        var submission = await _silo.SubmissionAsync(TestApps.GateApp, queue, parametersJson: _silo.GateParameters("idem"), idempotencyKey: key);

        var first = await _silo.Job(firstUuid).AcceptAsync(submission);
        await _probe.WaitForStatusAsync(firstUuid, JobStatus.RUNNING);
        var second = await _silo.Job(secondUuid).AcceptAsync(submission);

        Assert.Equal(AcceptOutcome.Accepted, first.Outcome);
        Assert.Equal(AcceptOutcome.AlreadyAccepted, second.Outcome);
        Assert.Equal(firstUuid, second.Job!.Uuid);
        Assert.Equal(1, await _probe.ScalarAsync("SELECT count(*) FROM aloe_jobs WHERE idempotency_key = @k", ("k", key)));
        Assert.Null(await _probe.GetAsync(secondUuid));
        Assert.Equal(0, await _probe.ScalarAsync("SELECT count(*) FROM aloe_job_events WHERE job_uuid = @u", ("u", secondUuid)));
        // The replay's backlog reservation was given back.
        var snapshot = await _silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((1, 0), (snapshot.Active, snapshot.Backlog));

        // Asking the first job's own grain again answers the same.
        var again = await _silo.Job(firstUuid).AcceptAsync(submission);
        Assert.Equal(AcceptOutcome.AlreadyAccepted, again.Outcome);
        Assert.Equal(firstUuid, again.Job!.Uuid);
        Assert.Equal(1, await _probe.CountJobsAsync(queue));

        _silo.OpenGate("idem");
        await _probe.WaitForStatusAsync(firstUuid, JobStatus.FINISHED);
    }
}
