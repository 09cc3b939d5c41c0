using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Recovery;
using AloeOrleans.Tests.Grains;
using AloeOrleans.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.Recovery;

/// <summary>
/// The read side of the recovery groups on real PostgreSQL (the tables the groups write): one tenant's groups only,
/// their job counts, a page of one group's jobs; and a blocked job's target stored with the job. Each test uses tenants
/// of its own.
/// </summary>
[NeedsServers]
public sealed class RecoveryQueriesTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Blocked = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private readonly JobProbe probe = new(database.ConnectionString);
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(database.ConnectionString);

    private PostgresRecoveryStore Store => new(dataSource);

    private PostgresRecoveryQueries Queries => new(dataSource);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await dataSource.DisposeAsync();
        await probe.DisposeAsync();
    }

    [Fact]
    public async Task A_tenant_sees_its_own_groups_with_their_counts_and_never_another_tenants()
    {
        var (dev, lab) = (NewTenant(), NewTenant());
        var server = RecoveryTarget.InputServer("http://files.example.org:8901");
        var devInput = await BlockAsync(dev, RecoveryCondition.TRANSMISSION_FAILURE, server, 3);
        var devSsh = await BlockAsync(dev, RecoveryCondition.SSH_CONNECTION_FAILURE, RecoveryTarget.SshStorage("inputs-sftp"), 1, minutesLater: 5);
        var labInput = await BlockAsync(lab, RecoveryCondition.TRANSMISSION_FAILURE, server, 2);
        await Store.MarkReleasedAsync(devInput.Key, [devInput.Jobs[0]], Blocked.AddMinutes(1), CancellationToken.None);

        var devGroups = await Queries.ListAsync(dev, 100, 0, CancellationToken.None);
        var labGroups = await Queries.ListAsync(lab, 100, 0, CancellationToken.None);

        Assert.Equal([devInput.Key, devSsh.Key], devGroups.Select(group => group.Key));
        Assert.Equal([labInput.Key], labGroups.Select(group => group.Key));
        var first = devGroups[0];
        Assert.Equal(("TRANSMISSION_FAILURE", "InputServer", "http://files.example.org:8901"), (first.Condition, first.Tester, first.TesterParameters));
        Assert.Equal((3, 2), (first.JobCount, first.WaitingJobCount));
        Assert.Equal(("Ssh", "inputs-sftp storage"), (devGroups[1].Tester, devGroups[1].TesterParameters));
        Assert.Empty(first.Jobs);
        Assert.Empty(await Queries.ListAsync(NewTenant(), 100, 0, CancellationToken.None));
    }

    [Fact]
    public async Task One_group_shows_a_page_of_its_jobs_in_the_order_they_blocked_and_only_to_its_tenant()
    {
        var (dev, lab) = (NewTenant(), NewTenant());
        var group = await BlockAsync(dev, RecoveryCondition.SERVICE_CONNECTION_FAILURE, RecoveryTarget.Scheduler("slurm-ssh"), 4);
        await Store.RecordAttemptAsync(group.Key, 2, Blocked.AddSeconds(20), Blocked.AddSeconds(40), "scontrol ping on system slurm-ssh: DOWN",
            restart: false, CancellationToken.None);
        await Store.MarkReleasedAsync(group.Key, [group.Jobs[2]], Blocked.AddMinutes(1), CancellationToken.None);

        var page = await Queries.FindAsync(dev, group.Key, 2, 1, CancellationToken.None);
        var elsewhere = await Queries.FindAsync(lab, group.Key, 100, 0, CancellationToken.None);
        var renamed = await Queries.FindAsync(lab, $"{lab}{group.Key[dev.Length..]}", 100, 0, CancellationToken.None);

        Assert.NotNull(page);
        Assert.Equal([group.Jobs[1], group.Jobs[2]], page.Jobs.Select(job => job.JobUuid));
        Assert.Equal([null, Blocked.AddMinutes(1)], page.Jobs.Select(job => job.ReleasedAt));
        Assert.All(page.Jobs, job => Assert.Equal("QUEUED", job.BlockedIn));
        Assert.Equal((4, 3, 2), (page.JobCount, page.WaitingJobCount, page.Attempts));
        Assert.Equal((Blocked.AddSeconds(20), Blocked.AddSeconds(40)), (page.LastAttempt, page.NextAttempt));
        Assert.Equal("scontrol ping on system slurm-ssh: DOWN", page.LastResult);
        Assert.Equal("CONSTANT_BACKOFF, max 00:10:00", page.Policy);
        Assert.Null(elsewhere);
        Assert.Null(renamed);
    }

    [Fact]
    public async Task A_list_pages_with_limit_and_offset()
    {
        var tenant = NewTenant();
        var keys = new List<string>();
        foreach (var minutes in new[] { 0, 1, 2 })
        {
            keys.Add((await BlockAsync(tenant, RecoveryCondition.TRANSMISSION_FAILURE,
                RecoveryTarget.InputServer($"http://h{minutes}.example.org:80"), 1, minutesLater: minutes)).Key);
        }

        var page = await Queries.ListAsync(tenant, 2, 1, CancellationToken.None);
        var beyond = await Queries.ListAsync(tenant, 100, int.MaxValue, CancellationToken.None);

        Assert.Equal(keys.Skip(1), page.Select(group => group.Key));
        Assert.Empty(beyond);
    }

    [Fact]
    public async Task A_blocked_jobs_target_is_stored_with_it_and_read_back()
    {
        var job = await InsertJobAsync(NewTenant(), JobStatus.STAGING_INPUTS);
        var target = RecoveryTarget.InputServer("http://[::1]:8080");

        var blocked = await probe.Store.UpdateAsync(job with
        {
            Status = JobStatus.BLOCKED, SuspendedFrom = JobStatus.STAGING_INPUTS, BlockedCondition = RecoveryCondition.TRANSMISSION_FAILURE,
            BlockedTarget = target,
        }, job.Version, null, CancellationToken.None);

        Assert.Equal(target, blocked.BlockedTarget);
        Assert.Equal(target, (await probe.RequireAsync(job.Uuid)).BlockedTarget);
        await using var stored = dataSource.CreateCommand("SELECT blocked_target FROM aloe_jobs WHERE uuid = @uuid");
        stored.Parameters.AddWithValue("uuid", job.Uuid);
        Assert.Equal("InputServer http://[::1]:8080", (string?)await stored.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_join_answers_the_groups_next_test_the_first_join_sets_it_and_later_joins_read_it()
    {
        var tenant = NewTenant();
        var (first, second) = (await InsertJobAsync(tenant, JobStatus.QUEUED), await InsertJobAsync(tenant, JobStatus.QUEUED));
        var test = RecoveryTest.For(first, RecoveryCondition.SSH_CONNECTION_FAILURE, RecoveryTarget.SshStorage("inputs-sftp"));

        var firstNext = await Store.JoinAsync(test.GroupKey, new RecoveryTicket(first.Uuid, tenant, RecoveryCondition.SSH_CONNECTION_FAILURE,
            test.Tester, test.Parameters, JobStatus.QUEUED, "refused", Blocked), "CONSTANT_BACKOFF, max 00:10:00", Blocked.AddSeconds(10),
            CancellationToken.None);
        await Store.RecordAttemptAsync(test.GroupKey, 1, Blocked.AddSeconds(10), Blocked.AddSeconds(25), "still refused", restart: false,
            CancellationToken.None);
        var secondNext = await Store.JoinAsync(test.GroupKey, new RecoveryTicket(second.Uuid, tenant, RecoveryCondition.SSH_CONNECTION_FAILURE,
            test.Tester, test.Parameters, JobStatus.QUEUED, "refused", Blocked.AddSeconds(12)), "CONSTANT_BACKOFF, max 00:10:00",
            Blocked.AddSeconds(22), CancellationToken.None);

        Assert.Equal(Blocked.AddSeconds(10), firstNext);
        Assert.Equal(Blocked.AddSeconds(25), secondNext);
    }

    private static string NewTenant() => $"t{Guid.NewGuid():N}"[..12];

    /// <summary>Blocks <paramref name="jobs"/> new jobs of <paramref name="tenant"/> in one group; returns its key and jobs in block order.</summary>
    private async Task<(string Key, IReadOnlyList<Guid> Jobs)> BlockAsync(string tenant, RecoveryCondition condition, RecoveryTarget target, int jobs,
        int minutesLater = 0)
    {
        var uuids = new List<Guid>();
        string? key = null;
        for (var n = 0; n < jobs; n++)
        {
            var job = await InsertJobAsync(tenant, JobStatus.BLOCKED);
            var test = RecoveryTest.For(job, condition, target);
            key = test.GroupKey;
            var at = Blocked.AddMinutes(minutesLater).AddSeconds(n);
            await Store.JoinAsync(key, new RecoveryTicket(job.Uuid, tenant, condition, test.Tester, test.Parameters, JobStatus.QUEUED, "refused", at),
                "CONSTANT_BACKOFF, max 00:10:00", at.AddSeconds(10), CancellationToken.None);
            uuids.Add(job.Uuid);
        }

        return (key!, uuids);
    }

    private async Task<JobRecord> InsertJobAsync(string tenant, JobStatus status)
    {
        var submission = new JobSubmission
        {
            TenantId = tenant, TenantQueue = $"aloe.jobq.{tenant}.submit.DefaultQueue", Owner = "alice",
            Spec = new JobSpec { Name = "recovery", SystemId = "slurm-ssh", AppId = "wc-1.0", AppUuid = Guid.NewGuid().ToString() },
        };
        var job = JobRecords.Accepted(Guid.NewGuid(), submission) with { Status = status };
        var (stored, created) = await probe.Store.InsertAcceptedAsync(job, new JobEventWrite(status.ToString(), "inserted by the test", "alice"),
            CancellationToken.None);
        Assert.True(created);
        return stored;
    }
}
