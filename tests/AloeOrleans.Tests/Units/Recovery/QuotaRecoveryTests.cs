using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Quotas;
using AloeOrleans.Grains.Recovery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Units.Recovery;

/// <summary>
/// Jobs waiting on QUOTA_EXCEEDED: their group (tenant, system, queue, owner), their test (the room the limits leave,
/// counted by the quota store), and the condition's default policy.
/// </summary>
public sealed class QuotaRecoveryTests
{
    private static readonly SystemDefinition Hpc = new()
    {
        Id = "hpc",
        Type = SystemType.EXECUTION,
        Scheduler = SchedulerKind.SLURM,
        MaxSystemJobs = 10,
        Queues = [new SystemQueue { Name = "normal", Default = true, MaxJobs = 5, MaxUserJobs = 2 }, new SystemQueue { Name = "open" }],
    };

    private static JobRecord Job(string owner = "alice", string system = "hpc", string? queue = "normal", string tenant = "dev") => new()
    {
        Uuid = Guid.NewGuid(), TenantId = tenant, TenantQueue = "q", Owner = owner, UpdateToken = "t",
        Spec = new JobSpec { Name = "j", SystemId = system, AppId = "wc-1.0", AppUuid = "u", Resources = new JobResourceRequest { RemoteQueue = queue } },
    };

    [Fact]
    public void Jobs_waiting_for_a_slot_are_grouped_per_tenant_system_queue_and_owner()
    {
        var test = RecoveryTest.For(Job(), RecoveryCondition.QUOTA_EXCEEDED, null);

        Assert.Equal((RecoveryTester.Quota, """["hpc","normal","alice"]"""), (test.Tester, test.Parameters));
        Assert.Equal(test.GroupKey, RecoveryTest.For(Job(), RecoveryCondition.QUOTA_EXCEEDED, null).GroupKey);
        Assert.StartsWith("dev/QUOTA_EXCEEDED/", test.GroupKey, StringComparison.Ordinal);
        Assert.NotEqual(test.GroupKey, RecoveryTest.For(Job(owner: "bob"), RecoveryCondition.QUOTA_EXCEEDED, null).GroupKey);
        Assert.NotEqual(test.GroupKey, RecoveryTest.For(Job(queue: "long"), RecoveryCondition.QUOTA_EXCEEDED, null).GroupKey);
        Assert.NotEqual(test.GroupKey, RecoveryTest.For(Job(queue: null), RecoveryCondition.QUOTA_EXCEEDED, null).GroupKey);
        Assert.NotEqual(test.GroupKey, RecoveryTest.For(Job(system: "hpc2"), RecoveryCondition.QUOTA_EXCEEDED, null).GroupKey);
        Assert.NotEqual(test.GroupKey, RecoveryTest.For(Job(tenant: "other"), RecoveryCondition.QUOTA_EXCEEDED, null).GroupKey);
    }

    [Theory]
    [InlineData("hpc", "normal", "alice")]
    [InlineData("hpc", null, "alice")]
    [InlineData("h/p\"c", "q\nue,ue", "al ice\"]")]
    public void The_parameters_name_what_the_test_counts_whatever_the_names_hold(string system, string? queue, string owner)
    {
        var parameters = QuotaTestParameters.Of(Job(owner, system, queue));

        Assert.Equal(new QuotaScope("dev", system, queue, owner), QuotaTestParameters.Scope("dev", parameters));
    }

    [Fact]
    public void Parameters_of_another_tester_are_refused()
    {
        Assert.Throws<FormatException>(() => QuotaTestParameters.Scope("dev", """["hpc"]"""));
    }

    [Fact]
    public async Task The_test_clears_when_the_limits_leave_room_and_releases_only_that_many()
    {
        var counts = new ActiveJobCounts(System: 3, SystemOfOwner: 1, Queue: 3, QueueOfOwner: 1);

        var (result, counted) = await TestAsync(counts, queue: "normal");

        Assert.Equal(new RecoveryTestResult(true, "system hpc has room for 1 more job(s) of alice", 1), result);
        Assert.Equal(new QuotaScope("dev", "hpc", "normal", "alice"), counted);
    }

    [Fact]
    public async Task The_test_fails_naming_the_full_limit_while_there_is_no_room()
    {
        var (result, _) = await TestAsync(new ActiveJobCounts(2, 2, 2, 2), queue: "normal");

        Assert.Equal(new RecoveryTestResult(false,
            "queue normal of system hpc allows 2 jobs per user (maxUserJobs); alice has 2 queued or running"), result);
    }

    [Fact]
    public async Task The_tightest_limit_decides_the_room_even_another_users_jobs_in_a_shared_limit()
    {
        var (result, _) = await TestAsync(new ActiveJobCounts(System: 4, SystemOfOwner: 0, Queue: 4, QueueOfOwner: 0), queue: "normal");

        Assert.Equal((true, 1), (result.Cleared, result.ReleaseAtMost));
    }

    [Fact]
    public async Task Jobs_released_earlier_and_still_staging_take_their_room_first()
    {
        var counts = new ActiveJobCounts(System: 1, SystemOfOwner: 0, Queue: 1, QueueOfOwner: 0);

        var (some, _) = await TestAsync(counts, "normal", returning: new ActiveJobCounts(1, 1, 1, 1));
        Assert.Equal((true, 1), (some.Cleared, some.ReleaseAtMost));

        var (none, _) = await TestAsync(counts, "normal", returning: new ActiveJobCounts(2, 2, 2, 2));
        Assert.Equal(new RecoveryTestResult(false, "the room left on system hpc is taken by jobs released earlier, on their way to submission"), none);
    }

    [Fact]
    public async Task Limits_raised_to_none_release_everyone_and_a_deleted_system_too()
    {
        var busy = new ActiveJobCounts(50, 50, 50, 50);
        var (raised, _) = await TestAsync(busy, queue: "open", systems: [Hpc with { MaxSystemJobs = int.MaxValue }]);
        Assert.Equal(new RecoveryTestResult(true, "system hpc no longer limits the jobs of alice"), raised);

        var (gone, counted) = await TestAsync(busy, queue: "normal", systems: []);
        Assert.Equal(new RecoveryTestResult(true, "system hpc no longer exists; its job limits no longer apply"), gone);
        Assert.Null(counted);
    }

    [Fact]
    public void QUOTA_EXCEEDED_waits_a_short_constant_time_without_an_attempts_limit_for_days()
    {
        var policy = new RecoveryOptions().PolicyFor(RecoveryCondition.QUOTA_EXCEEDED);

        Assert.Equal((RecoveryPolicyKind.CONSTANT_BACKOFF, TimeSpan.FromSeconds(15), 0, TimeSpan.FromDays(7)),
            (policy.Kind, policy.Interval, policy.MaxAttempts, policy.MaxElapsed));
        var blocked = DateTimeOffset.UnixEpoch;
        Assert.Equal(blocked.AddDays(6), policy.NextAttempt(100_000, blocked, blocked.AddDays(6).AddSeconds(-15)));
        Assert.Null(policy.NextAttempt(100_000, blocked, blocked.AddDays(7)));
    }

    [Fact]
    public void Settings_for_QUOTA_EXCEEDED_change_only_what_they_name_and_other_conditions_keep_the_default()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aloe:Recovery:Conditions:QUOTA_EXCEEDED:Interval"] = "00:00:02",
            ["Aloe:Recovery:Conditions:SSH_AUTHENTICATION_FAILED:Kind"] = "CONSTANT_BACKOFF",
        }).Build();
        var options = new RecoveryOptions();
        configuration.GetSection(RecoveryOptions.SectionName).Bind(options);

        var quota = options.PolicyFor(RecoveryCondition.QUOTA_EXCEEDED);
        Assert.Equal((RecoveryPolicyKind.CONSTANT_BACKOFF, TimeSpan.FromSeconds(2), 0, TimeSpan.FromDays(7)),
            (quota.Kind, quota.Interval, quota.MaxAttempts, quota.MaxElapsed));
        Assert.Equal(RecoveryPolicyKind.CONSTANT_BACKOFF, options.PolicyFor(RecoveryCondition.SSH_AUTHENTICATION_FAILED).Kind);
        Assert.Same(options.Default, options.PolicyFor(RecoveryCondition.SSH_CONNECTION_FAILURE));
        Assert.Empty(OptionRules.Check(options, RecoveryOptions.SectionName));
    }

    /// <summary>
    /// The quota test of alice's jobs in <paramref name="queue"/> of hpc, in a catalog of <paramref name="systems"/> (default
    /// hpc alone), with <paramref name="counts"/> holding a slot and <paramref name="returning"/> on their way back.
    /// </summary>
    private static async Task<(RecoveryTestResult Result, QuotaScope? Counted)> TestAsync(ActiveJobCounts counts, string? queue,
        ActiveJobCounts? returning = null, SystemDefinition[]? systems = null)
    {
        var quotas = new FixedQuotaStore(counts, returning);
        var catalog = new Units.FixedCatalog(systems ?? [Hpc]);
        await using var pool = new SshConnectionPool(Options.Create(new SshOptions()), TimeProvider.System, NullLogger<SshConnectionPool>.Instance);
        var ssh = new SshTester(catalog, pool);
        var testers = new RecoveryTesters(catalog, ssh, new SchedulerTester(catalog, TestSystemAccess.Create(Path.GetTempPath(), pool), ssh),
            Tests.Recovery.InputServerTesterTests.Tester(Tests.Recovery.InputServerTesterTests.Network("127.0.0.0/8")), quotas, Options.Create(new RecoveryOptions()));
        var test = RecoveryTest.For(Job(queue: queue), RecoveryCondition.QUOTA_EXCEEDED, null);
        var group = new RecoveryGroup(test.GroupKey, "dev", RecoveryCondition.QUOTA_EXCEEDED, test.Tester, test.Parameters, "CONSTANT_BACKOFF",
            DateTimeOffset.UnixEpoch, 0, null, DateTimeOffset.UnixEpoch, "", []);
        var result = await testers.TestAsync(group, CancellationToken.None);
        return (result, quotas.Counted);
    }

    /// <summary>A quota store that answers fixed counts and remembers what it was asked to count.</summary>
}
