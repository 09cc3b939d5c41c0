using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Recovery;
using AloeOrleans.Tests.Grains;
using AloeOrleans.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.Quotas;

/// <summary>
/// The line of jobs waiting for a slot, as the recovery store gives it to their group: oldest accepted first, so a job
/// that was released, found no room and blocked again keeps its place.
/// </summary>
[NeedsServers]
public sealed class QuotaWaitOrderTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly JobProbe _probe = new(database.ConnectionString);
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(database.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _probe.DisposeAsync();
    }

    [Fact]
    public async Task A_group_lists_its_jobs_by_acceptance_with_it_and_a_job_that_blocked_again_keeps_its_place()
    {
        var store = new PostgresRecoveryStore(_dataSource);
        var accepted = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
        var jobs = new List<JobRecord>();
        for (var i = 0; i < 3; i++)
        {
            jobs.Add(await InsertBlockedAsync(accepted.AddMinutes(i)));
        }

        var test = RecoveryTest.For(jobs[0], RecoveryCondition.QUOTA_EXCEEDED, null);
        var blockedAt = accepted.AddHours(1);
        // The oldest job blocks last: it was released, found no room, and blocked again.
        foreach (var (job, minutes) in new[] { (jobs[1], 0), (jobs[2], 1), (jobs[0], 2) })
        {
            await store.JoinAsync(test.GroupKey, new RecoveryTicket(job.Uuid, job.TenantId, RecoveryCondition.QUOTA_EXCEEDED, test.Tester, test.Parameters,
                JobStatus.STAGING_JOB, "full", blockedAt.AddMinutes(minutes)), "CONSTANT_BACKOFF", blockedAt, CancellationToken.None);
        }

        var group = await store.GetAsync(test.GroupKey, CancellationToken.None);

        Assert.Equal(jobs.Select(job => job.Uuid), group!.Jobs.Select(member => member.JobUuid));
        Assert.Equal(jobs.Select(job => (DateTimeOffset?)job.Accepted), group.Jobs.Select(member => member.Accepted));
        Assert.Equal([jobs[0].Uuid], RecoveryRelease.Choose(group.Jobs, 1));
    }

    private async Task<JobRecord> InsertBlockedAsync(DateTimeOffset accepted)
    {
        var submission = new JobSubmission
        {
            TenantId = "dev", TenantQueue = "aloe.jobq.dev.submit.DefaultQueue", Owner = "alice",
            Spec = new JobSpec
            {
                Name = "waits", SystemId = "hpc", AppId = "wc-1.0", AppUuid = Guid.NewGuid().ToString(),
                Resources = new JobResourceRequest { RemoteQueue = "normal" },
            },
        };
        var job = JobRecords.Accepted(Guid.NewGuid(), submission, accepted) with
        {
            Status = JobStatus.BLOCKED, SuspendedFrom = JobStatus.STAGING_JOB, BlockedCondition = RecoveryCondition.QUOTA_EXCEEDED,
        };
        var (stored, created) = await _probe.Store.InsertAcceptedAsync(job, new JobEventWrite("BLOCKED", "inserted by the test", "alice"),
            CancellationToken.None);
        Assert.True(created);
        return stored;
    }
}
