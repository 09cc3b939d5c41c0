using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Grains.Queues;
using AloeOrleans.Grains.Queues.Routing;
using AloeOrleans.Grains.Submission;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Queues;

/// <summary>
/// The router's table per tenant (docs/queues.md, "Routing" and "Changing queues"): loaded once, not per submission;
/// loaded again after <c>Forget</c> (a change notification) or after the reconcile interval; a failed load is not kept.
/// </summary>
public sealed class TenantQueueRouterTests
{
    private sealed class CountingStore : IQueueStore
    {
        public List<QueueDefinition> Queues { get; } = [];

        public int Loads { get; private set; }

        public bool Fail { get; set; }

        public Task<IReadOnlyList<QueueDefinition>> ListTenantAsync(string tenantId, CancellationToken cancellationToken)
        {
            Loads++;
            return Fail
                ? Task.FromException<IReadOnlyList<QueueDefinition>>(new InvalidOperationException("the database is down"))
                : Task.FromResult<IReadOnlyList<QueueDefinition>>(Queues.Where(queue => queue.TenantId == tenantId).ToList());
        }

        public Task<QueueDefinition> EnsureDefaultAsync(string tenantId, int numWorkers, int maxMessages, CancellationToken cancellationToken) =>
            Task.FromResult(new QueueDefinition(QueueDefinition.DefaultQueueName(tenantId), tenantId, 1, "TRUE", numWorkers, maxMessages));

        public Task<QueueDefinition?> FindAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<QueueMembers> LoadMembersAsync(string queueName, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<string, (int Blocked, int Paused)>> CountParkedAsync(IReadOnlyList<string> queueNames,
            CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> MoveUnfinishedAsync(string from, string to, string reason, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }

    private readonly CountingStore store = new();
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TenantQueueRouter router;

    public TenantQueueRouterTests() =>
        router = new TenantQueueRouter(store, Options.Create(new QueueDefaultsOptions { ReconcileInterval = TimeSpan.FromSeconds(30) }), clock,
            NullLogger<TenantQueueRouter>.Instance);

    private static ValidatedSubmission Job(string owner, string tenant = "dev") => new()
    {
        TenantId = tenant,
        Owner = owner,
        Spec = new JobSpec { Name = "j", AppId = "a-1", AppUuid = "u", SystemId = "s" },
    };

    private Task<string> RouteAsync(string owner, string tenant = "dev") => router.RouteAsync(Job(owner, tenant), CancellationToken.None).AsTask();

    [Fact]
    public async Task A_tenants_queues_are_loaded_once_for_many_submissions()
    {
        store.Queues.Add(new QueueDefinition("aloe.jobq.dev.submit.team", "dev", 5, "owner = 'bob'", 1, 1));

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(i % 2 == 0 ? "aloe.jobq.dev.submit.team" : "aloe.jobq.dev.submit.DefaultQueue", await RouteAsync(i % 2 == 0 ? "bob" : "alice"));
        }

        Assert.Equal(1, store.Loads);
        Assert.Equal("aloe.jobq.lab.submit.DefaultQueue", await RouteAsync("bob", "lab"));
        Assert.Equal(2, store.Loads);
    }

    [Fact]
    public async Task Forget_makes_the_next_submission_see_the_change()
    {
        Assert.Equal("aloe.jobq.dev.submit.DefaultQueue", await RouteAsync("bob"));
        store.Queues.Add(new QueueDefinition("aloe.jobq.dev.submit.team", "dev", 5, "owner = 'bob'", 1, 1));
        Assert.Equal("aloe.jobq.dev.submit.DefaultQueue", await RouteAsync("bob"));

        router.Forget("other");
        Assert.Equal("aloe.jobq.dev.submit.DefaultQueue", await RouteAsync("bob"));
        router.Forget("dev");
        Assert.Equal("aloe.jobq.dev.submit.team", await RouteAsync("bob"));

        store.Queues.Clear();
        router.ForgetAll();
        Assert.Equal("aloe.jobq.dev.submit.DefaultQueue", await RouteAsync("bob"));
    }

    [Fact]
    public async Task A_table_older_than_the_reconcile_interval_is_loaded_again()
    {
        await RouteAsync("bob");
        store.Queues.Add(new QueueDefinition("aloe.jobq.dev.submit.team", "dev", 5, "owner = 'bob'", 1, 1));
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("aloe.jobq.dev.submit.DefaultQueue", await RouteAsync("bob"));

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("aloe.jobq.dev.submit.team", await RouteAsync("bob"));
        Assert.Equal(2, store.Loads);
    }

    [Fact]
    public async Task A_failed_load_is_not_kept()
    {
        store.Fail = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => RouteAsync("bob"));

        store.Fail = false;
        Assert.Equal("aloe.jobq.dev.submit.DefaultQueue", await RouteAsync("bob"));
        Assert.Equal(2, store.Loads);
    }
}
