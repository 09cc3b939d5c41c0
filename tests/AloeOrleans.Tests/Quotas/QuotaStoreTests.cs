using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Quotas;
using AloeOrleans.Tests.Grains;
using AloeOrleans.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.Quotas;

/// <summary>The quota count and the quota admission on real PostgreSQL, each test on systems of its own.</summary>
[NeedsServers]
public sealed class QuotaStoreTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string Tenant = "dev";

    private readonly JobProbe _probe = new(database.ConnectionString);
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
    private PostgresQuotaStore Quotas => new(_dataSource);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _probe.DisposeAsync();
    }

    [Fact]
    public async Task Each_scope_counts_its_jobs_and_nothing_of_other_tenants_systems_or_states()
    {
        var system = NewSystemId();
        // Counted: alice 2 in normal + 1 in debug + 1 without queue; bob 1 in normal (paused while queued).
        await InsertAsync(system, "normal", "alice", JobStatus.QUEUED);
        await InsertAsync(system, "normal", "alice", JobStatus.RUNNING);
        await InsertAsync(system, "debug", "alice", JobStatus.SUBMITTING);
        await InsertAsync(system, null, "alice", JobStatus.BLOCKED, suspendedFrom: JobStatus.RUNNING);
        await InsertAsync(system, "normal", "bob", JobStatus.PAUSED, suspendedFrom: JobStatus.QUEUED);
        // Not counted: not yet or no longer holding a slot, or elsewhere.
        await InsertAsync(system, "normal", "alice", JobStatus.STAGING_JOB);
        await InsertAsync(system, "normal", "alice", JobStatus.BLOCKED, suspendedFrom: JobStatus.STAGING_JOB);
        await InsertAsync(system, "normal", "alice", JobStatus.PAUSED, suspendedFrom: JobStatus.PENDING);
        await InsertAsync(system, "normal", "alice", JobStatus.CLEANING_UP);
        await InsertAsync(system, "normal", "alice", JobStatus.FINISHED);
        await InsertAsync(system, "normal", "alice", JobStatus.FAILED);
        await InsertAsync(NewSystemId(), "normal", "alice", JobStatus.RUNNING);
        await InsertAsync(system, "normal", "alice", JobStatus.RUNNING, tenant: "other");

        Assert.Equal(new ActiveJobCounts(System: 5, SystemOfOwner: 4, Queue: 3, QueueOfOwner: 2),
            await CountAsync(new QuotaScope(Tenant, system, "normal", "alice")));
        Assert.Equal(new ActiveJobCounts(System: 5, SystemOfOwner: 1, Queue: 3, QueueOfOwner: 1),
            await CountAsync(new QuotaScope(Tenant, system, "normal", "bob")));
        Assert.Equal(new ActiveJobCounts(System: 5, SystemOfOwner: 4, Queue: 1, QueueOfOwner: 1),
            await CountAsync(new QuotaScope(Tenant, system, "debug", "alice")));
        Assert.Equal(new ActiveJobCounts(System: 5, SystemOfOwner: 0, Queue: 0, QueueOfOwner: 0),
            await CountAsync(new QuotaScope(Tenant, system, "long", "carol")));
        // A job without a queue is in no queue's count, and a scope without one counts no queue.
        Assert.Equal(new ActiveJobCounts(System: 5, SystemOfOwner: 4, Queue: 0, QueueOfOwner: 0),
            await CountAsync(new QuotaScope(Tenant, system, null, "alice")));
        Assert.Equal(ActiveJobCounts.None, await CountAsync(new QuotaScope("nobody", system, "normal", "alice")));
    }

    [Fact]
    public async Task The_excluded_job_is_not_counted()
    {
        var system = NewSystemId();
        var own = await InsertAsync(system, "normal", "alice", JobStatus.SUBMITTING);
        await InsertAsync(system, "normal", "alice", JobStatus.QUEUED);

        Assert.Equal(new ActiveJobCounts(1, 1, 1, 1), await CountAsync(QuotaScope.For(own)));
        Assert.Equal(new ActiveJobCounts(2, 2, 2, 2), await CountAsync(QuotaScope.For(own) with { ExcludedJob = null }));
    }

    [Fact]
    public async Task The_query_counts_exactly_the_jobs_the_rule_says_count_for_every_status_and_origin()
    {
        var statuses = Enum.GetValues<JobStatus>();
        var cases = statuses.SelectMany(status => statuses.Select(from => (Status: status, From: (JobStatus?)from)).Prepend((status, null))).ToList();
        var prefix = NewSystemId();
        foreach (var (status, from) in cases)
        {
            await InsertAsync($"{prefix}-{status}-{from}", "q", "alice", status, from);
        }

        var wrong = new List<string>();
        foreach (var (status, from) in cases)
        {
            var counted = (await CountAsync(new QuotaScope(Tenant, $"{prefix}-{status}-{from}", "q", "alice"))).System == 1;
            if (counted != ActiveJobStatuses.Counts(status, from))
            {
                wrong.Add($"{status} from {from?.ToString() ?? "-"}: counted {counted}");
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task The_count_can_use_the_partial_index_of_counted_jobs()
    {
        var plan = await PlanWithoutSeqScanAsync(PostgresQuotaStore.CountSql);
        Assert.Contains(plan, line => line.Contains("ix_aloe_jobs_system_active", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Racing_admissions_never_take_more_slots_than_the_limit()
    {
        var system = NewSystemId();
        var limits = new SubmissionLimits(system, "normal", MaxQueueUserJobs: 2, MaxQueueJobs: SubmissionLimits.Unlimited,
            MaxSystemUserJobs: SubmissionLimits.Unlimited, MaxSystemJobs: SubmissionLimits.Unlimited);
        await InsertAsync(system, "normal", "alice", JobStatus.RUNNING);
        var waiting = new List<JobRecord>();
        for (var i = 0; i < 12; i++)
        {
            waiting.Add(await InsertAsync(system, "normal", "alice", JobStatus.STAGING_JOB));
        }

        // All at once, each on its own connection, as jobs on several silos would.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var admissions = waiting.Select(job => Task.Run(async () =>
        {
            await start.Task;
            return await Quotas.AdmitAsync(job with { Status = JobStatus.SUBMITTING, LastStatusMessage = "submitting" }, job.Version,
                new JobEventWrite("SUBMITTING", "submitting", "aloe-jobs"), limits, CancellationToken.None);
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(admissions);

        var admitted = results.Where(result => result.Admitted).ToList();
        Assert.Single(admitted);
        Assert.All(results.Where(result => !result.Admitted), refused =>
        {
            Assert.Equal([QuotaLimit.QueueUserJobs], refused.Verdict.Exceeded);
            Assert.Equal($"queue normal of system {system} allows 2 jobs per user (maxUserJobs); alice has 2 queued or running", refused.Verdict.Message);
            Assert.Equal(2, refused.Counts.QueueOfOwner);
        });
        Assert.Equal(new ActiveJobCounts(2, 2, 2, 2), await CountAsync(new QuotaScope(Tenant, system, "normal", "alice")));

        // The admitted job was written with its event; the refused ones not at all.
        var written = await _probe.RequireAsync(admitted[0].Stored!.Uuid);
        Assert.Equal((JobStatus.SUBMITTING, admitted[0].Stored!.Version), (written.Status, written.Version));
        Assert.Equal(["STAGING_JOB", "SUBMITTING"], (await _probe.HistoryAsync(written.Uuid)).Select(e => e.Status));
        foreach (var job in waiting.Where(job => job.Uuid != written.Uuid))
        {
            var unchanged = await _probe.RequireAsync(job.Uuid);
            Assert.Equal((JobStatus.STAGING_JOB, job.Version), (unchanged.Status, unchanged.Version));
            Assert.Equal(["STAGING_JOB"], (await _probe.HistoryAsync(job.Uuid)).Select(e => e.Status));
        }
    }

    [Fact]
    public async Task A_job_admitted_before_a_crash_is_admitted_again_and_not_counted_against_itself()
    {
        var system = NewSystemId();
        var limits = new SubmissionLimits(system, "normal", 1, 1, 1, 1);
        var job = await InsertAsync(system, "normal", "alice", JobStatus.STAGING_JOB);
        var first = await Quotas.AdmitAsync(job with { Status = JobStatus.SUBMITTING }, job.Version, null, limits, CancellationToken.None);
        Assert.True(first.Admitted);

        var again = await Quotas.AdmitAsync(first.Stored!, first.Stored!.Version, null, limits, CancellationToken.None);

        Assert.True(again.Admitted, again.Verdict.Message);
        Assert.Equal(ActiveJobCounts.None, again.Counts);
        Assert.Equal(first.Stored.Version + 1, again.Stored!.Version);
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_and_writes_nothing_with_or_without_limits()
    {
        var system = NewSystemId();
        var job = await InsertAsync(system, "normal", "alice", JobStatus.STAGING_JOB);
        var limited = new SubmissionLimits(system, "normal", 5, 5, 5, 5);
        var unlimited = new SubmissionLimits(system, "normal", -1, -1, -1, SubmissionLimits.Unlimited);

        foreach (var limits in new[] { limited, unlimited })
        {
            var conflict = await Assert.ThrowsAsync<JobVersionConflictException>(() => Quotas.AdmitAsync(
                job with { Status = JobStatus.SUBMITTING }, job.Version + 7, new JobEventWrite("SUBMITTING", "stale", "aloe-jobs"), limits,
                CancellationToken.None));
            Assert.Equal((job.Uuid, job.Version + 7), (conflict.Uuid, conflict.ExpectedVersion));
        }

        var unchanged = await _probe.RequireAsync(job.Uuid);
        Assert.Equal((JobStatus.STAGING_JOB, job.Version), (unchanged.Status, unchanged.Version));
        Assert.Equal(["STAGING_JOB"], (await _probe.HistoryAsync(job.Uuid)).Select(e => e.Status));
    }

    [Fact]
    public async Task Without_limits_a_job_is_admitted_without_counting()
    {
        var system = NewSystemId();
        for (var i = 0; i < 3; i++)
        {
            await InsertAsync(system, null, "alice", JobStatus.RUNNING);
        }

        var job = await InsertAsync(system, null, "alice", JobStatus.STAGING_JOB);

        var admission = await Quotas.AdmitAsync(job with { Status = JobStatus.SUBMITTING }, job.Version,
            new JobEventWrite("SUBMITTING", "submitting", "aloe-jobs"), new SubmissionLimits(system, null, 0, 0, -1, SubmissionLimits.Unlimited),
            CancellationToken.None);

        Assert.True(admission.Admitted);
        Assert.Equal(ActiveJobCounts.None, admission.Counts);
        Assert.Equal(JobStatus.SUBMITTING, (await _probe.RequireAsync(job.Uuid)).Status);
    }

    [Fact]
    public async Task Limits_of_another_system_are_refused()
    {
        var job = await InsertAsync(NewSystemId(), "normal", "alice", JobStatus.STAGING_JOB);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Quotas.AdmitAsync(job, job.Version, null,
            new SubmissionLimits("elsewhere", null, 1, 1, 1, 1), CancellationToken.None));

        Assert.Contains("elsewhere", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_back_from_a_quota_wait_and_still_staging_count_as_returning_and_nothing_else_does()
    {
        var system = NewSystemId();
        await EnsureTenantQueueAsync(Tenant);
        // Returning: alice 2 in normal, 1 in debug; bob 1 in normal.
        await InsertAsync(system, "normal", "alice", JobStatus.STAGING_JOB, blockedCondition: RecoveryCondition.QUOTA_EXCEEDED);
        await InsertAsync(system, "normal", "alice", JobStatus.STAGING_JOB, blockedCondition: RecoveryCondition.QUOTA_EXCEEDED);
        await InsertAsync(system, "debug", "alice", JobStatus.STAGING_JOB, blockedCondition: RecoveryCondition.QUOTA_EXCEEDED);
        await InsertAsync(system, "normal", "bob", JobStatus.STAGING_JOB, blockedCondition: RecoveryCondition.QUOTA_EXCEEDED);
        // Not returning: staging for the first time, back from another wait, still waiting, admitted since, elsewhere.
        await InsertAsync(system, "normal", "alice", JobStatus.STAGING_JOB);
        await InsertAsync(system, "normal", "alice", JobStatus.STAGING_JOB, blockedCondition: RecoveryCondition.SSH_CONNECTION_FAILURE);
        await InsertAsync(system, "normal", "alice", JobStatus.BLOCKED, JobStatus.STAGING_JOB, RecoveryCondition.QUOTA_EXCEEDED);
        await InsertAsync(system, "normal", "alice", JobStatus.SUBMITTING, blockedCondition: RecoveryCondition.QUOTA_EXCEEDED);
        await InsertAsync(NewSystemId(), "normal", "alice", JobStatus.STAGING_JOB, blockedCondition: RecoveryCondition.QUOTA_EXCEEDED);

        var scope = new QuotaScope(Tenant, system, "normal", "alice");
        Assert.Equal(new ActiveJobCounts(System: 4, SystemOfOwner: 3, Queue: 3, QueueOfOwner: 2), await Quotas.CountReturningAsync(scope, CancellationToken.None));
        Assert.Equal(new ActiveJobCounts(1, 1, 1, 1), await CountAsync(scope));
        Assert.Equal(ActiveJobCounts.None, await Quotas.CountReturningAsync(scope with { TenantId = "other" }, CancellationToken.None));
    }

    [Fact]
    public async Task The_returning_count_reads_the_index_of_unfinished_jobs_not_the_tenants_history()
    {
        var plan = await PlanWithoutSeqScanAsync(PostgresQuotaStore.ReturningSql);
        Assert.Contains(plan, line => line.Contains("ix_aloe_jobs_active", StringComparison.Ordinal));
    }

    private Task<ActiveJobCounts> CountAsync(QuotaScope scope) => Quotas.CountActiveAsync(scope, CancellationToken.None);

    /// <summary>The tenant's default queue row, as the first submission of a tenant writes it.</summary>
    private async Task EnsureTenantQueueAsync(string tenant)
    {
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO aloe_queues (name, tenant_id, priority, filter, num_workers, max_messages) VALUES ($1, $2, 1, 'TRUE', 10, 100) ON CONFLICT (name) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = $"aloe.jobq.{tenant}.submit.DefaultQueue" });
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        await command.ExecuteNonQueryAsync();
    }

    private static string NewSystemId() => $"s{Guid.NewGuid():N}"[..20];

    /// <summary>A job row as the grain would have left it in <paramref name="status"/>, with one event.</summary>
    private async Task<JobRecord> InsertAsync(string system, string? remoteQueue, string owner, JobStatus status,
        JobStatus? suspendedFrom = null, RecoveryCondition? blockedCondition = null, string tenant = Tenant)
    {
        var submission = new JobSubmission
        {
            TenantId = tenant, TenantQueue = $"aloe.jobq.{tenant}.submit.DefaultQueue", Owner = owner,
            Spec = new JobSpec { Name = "quota", SystemId = system, AppId = "wc-1.0", AppUuid = Guid.NewGuid().ToString() },
        };
        var accepted = JobRecords.Accepted(Guid.NewGuid(), submission);
        var job = accepted with
        {
            Status = status, SuspendedFrom = suspendedFrom, BlockedCondition = blockedCondition,
            Spec = accepted.Spec with { Resources = accepted.Spec.Resources with { RemoteQueue = remoteQueue } },
        };
        var (stored, created) = await _probe.Store.InsertAcceptedAsync(job, new JobEventWrite(status.ToString(), "inserted by the test", owner),
            CancellationToken.None);
        Assert.True(created);
        return stored;
    }

    /// <summary>The plan of <paramref name="sql"/> for one scope, with sequential scans off, so that a usable index shows.</summary>
    private async Task<List<string>> PlanWithoutSeqScanAsync(string sql)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
        explain.Parameters.AddWithValue("tenant_id", Tenant);
        explain.Parameters.AddWithValue("system_id", "hpc");
        explain.Parameters.AddWithValue("owner", "alice");
        explain.Parameters.AddWithValue("remote_queue", "normal");
        explain.Parameters.AddWithValue("excluded", Guid.Empty);
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return plan;
    }
}
