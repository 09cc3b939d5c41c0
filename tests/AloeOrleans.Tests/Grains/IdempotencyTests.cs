using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>A replayed submission (same idempotency key) returns the first job and stores nothing new.</summary>
[Collection(GrainTestCollection.Name)]
public sealed class IdempotencyTests(PostgresDatabaseFixture database)
    : GrainSiloTest(database), IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task The_same_idempotency_key_twice_answers_already_accepted_with_the_first_job_and_one_row()
    {
        var queue = await Silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        var key = $"key-{Guid.NewGuid():N}";
        var firstUuid = Guid.NewGuid();
        var secondUuid = Guid.NewGuid();
        var submission = await Silo.SubmissionAsync(TestApps.GateApp, queue, parametersJson: Silo.GateParameters("idem"), idempotencyKey: key);

        var first = await Silo.Job(firstUuid).AcceptAsync(submission);
        await Probe.WaitForStatusAsync(firstUuid, JobStatus.RUNNING);
        var second = await Silo.Job(secondUuid).AcceptAsync(submission);

        Assert.Equal(AcceptOutcome.Accepted, first.Outcome);
        Assert.Equal(AcceptOutcome.AlreadyAccepted, second.Outcome);
        Assert.Equal(firstUuid, second.Job!.Uuid);
        Assert.Equal(1, await Probe.ScalarAsync("SELECT count(*) FROM aloe_jobs WHERE idempotency_key = @k", ("k", key)));
        Assert.Null(await Probe.GetAsync(secondUuid));
        Assert.Equal(0, await Probe.ScalarAsync("SELECT count(*) FROM aloe_job_events WHERE job_uuid = @u", ("u", secondUuid)));
        // The replay's backlog reservation was given back.
        var snapshot = await Silo.Queue(queue).GetSnapshotAsync();
        Assert.Equal((1, 0), (snapshot.Active, snapshot.Backlog));

        // Asking the first job's own grain again answers the same.
        var again = await Silo.Job(firstUuid).AcceptAsync(submission);
        Assert.Equal(AcceptOutcome.AlreadyAccepted, again.Outcome);
        Assert.Equal(firstUuid, again.Job!.Uuid);
        Assert.Equal(1, await Probe.CountJobsAsync(queue));

        Silo.OpenGate("idem");
        await Probe.WaitForStatusAsync(firstUuid, JobStatus.FINISHED);
    }
}
