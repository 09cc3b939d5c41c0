using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Grains.Queues.Routing;
using AloeOrleans.Grains.Submission;
using Xunit;

namespace AloeOrleans.Tests.Queues;

/// <summary>
/// Routing (docs/queues.md, "Routing"): the submission's filter values, then the tenant's queues tried highest
/// priority first, the first true filter winning, else the DefaultQueue.
/// </summary>
public sealed class QueueRoutingTests
{
    private static readonly DateTimeOffset TuesdayAfternoon = new(2026, 12, 1, 14, 30, 0, TimeSpan.Zero);

    private static ValidatedSubmission Submission(string owner = "alice", int nodes = 1, int processors = 1, double memory = 0, double hours = 0,
        string? remoteQueue = null, string roles = "", bool archive = false) => new()
    {
        TenantId = "dev",
        Owner = owner,
        Roles = roles,
        Spec = new JobSpec
        {
            Name = "run",
            AppId = "namd-2.14",
            AppUuid = "app-uuid",
            SystemId = "cluster",
            Resources = new JobResourceRequest
            {
                NodeCount = nodes, ProcessorsPerNode = processors, MemoryPerNodeGb = memory, MaxHours = hours, RemoteQueue = remoteQueue,
            },
            Archive = new JobArchiveRequest { Enabled = archive, SystemId = archive ? "store" : "", Path = "" },
        },
    };

    private static QueueDefinition Queue(string name, int priority, string filter, string tenant = "dev") =>
        new($"aloe.jobq.{tenant}.submit.{name}", tenant, priority, filter, 10, 100);

    private static readonly TenantRoutingTable Table = TenantRoutingTable.Build("dev",
    [
        Queue("DefaultQueue", 1, "TRUE"),
        Queue("team", 20, "owner IN ('alice', 'bob')"),
        Queue("big", 30, "nodeCount > 1"),
        Queue("night", 10, "hour NOT BETWEEN 7 AND 19"),
        Queue("elsewhere", 40, "TRUE", tenant: "other"),
    ]);

    private static string Route(ValidatedSubmission submission, DateTimeOffset? at = null) =>
        Table.Route(QueueFilterInput.For(submission, at ?? TuesdayAfternoon)).Queue;

    [Fact]
    public void The_queues_are_tried_highest_priority_first_and_the_other_tenants_are_left_out() =>
        Assert.Equal(["aloe.jobq.dev.submit.big", "aloe.jobq.dev.submit.team", "aloe.jobq.dev.submit.night"], Table.Routes.Select(route => route.Name));

    [Fact]
    public void The_first_true_filter_wins_even_when_a_lower_one_is_true_too() =>
        Assert.Equal("aloe.jobq.dev.submit.big", Route(Submission(owner: "alice", nodes: 4)));

    [Fact]
    public void A_lower_priority_queue_takes_what_the_higher_ones_do_not() =>
        Assert.Equal("aloe.jobq.dev.submit.team", Route(Submission(owner: "bob")));

    [Fact]
    public void The_hour_of_submission_is_utc() =>
        Assert.Equal("aloe.jobq.dev.submit.night", Route(Submission(owner: "carol"), new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.FromHours(-2))));

    [Fact]
    public void Nothing_true_goes_to_the_default_queue() =>
        Assert.Equal("aloe.jobq.dev.submit.DefaultQueue", Route(Submission(owner: "carol")));

    [Fact]
    public void A_tenant_with_only_a_default_queue_routes_everything_there()
    {
        var table = TenantRoutingTable.Build("lab", []);
        Assert.Equal("aloe.jobq.lab.submit.DefaultQueue", table.Route(QueueFilterInput.For(Submission(), TuesdayAfternoon)).Queue);
        Assert.Empty(table.Routes);
    }

    [Fact]
    public void A_filter_that_fails_counts_as_false_and_is_reported()
    {
        var table = TenantRoutingTable.Build("dev", [Queue("divide", 5, "nodeCount / (processorsOnEachNode - 1) > 0"), Queue("any", 3, "TRUE")]);

        var decision = table.Route(QueueFilterInput.For(Submission(processors: 1), TuesdayAfternoon));

        Assert.Equal("aloe.jobq.dev.submit.any", decision.Queue);
        var failure = Assert.Single(decision.Failures);
        Assert.Equal("aloe.jobq.dev.submit.divide", failure.Queue);
        Assert.Contains("zero", failure.Failure, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_stored_filter_that_does_not_parse_leaves_its_queue_out()
    {
        var table = TenantRoutingTable.Build("dev", [Queue("broken", 5, "owner ="), Queue("any", 3, "TRUE")]);

        Assert.Equal(["aloe.jobq.dev.submit.any"], table.Routes.Select(route => route.Name));
        Assert.Equal("aloe.jobq.dev.submit.broken", Assert.Single(table.Unusable).Queue);
    }

    [Fact]
    public void An_unknown_answer_is_not_true()
    {
        // No remote queue: remoteQueue is NULL, so both the comparison and its negation are unknown.
        var table = TenantRoutingTable.Build("dev", [Queue("normal", 5, "remoteQueue = 'normal'"), Queue("not-normal", 4, "NOT remoteQueue = 'normal'")]);

        Assert.Equal("aloe.jobq.dev.submit.DefaultQueue", table.Route(QueueFilterInput.For(Submission(), TuesdayAfternoon)).Queue);
        Assert.Equal("aloe.jobq.dev.submit.normal", table.Route(QueueFilterInput.For(Submission(remoteQueue: "normal"), TuesdayAfternoon)).Queue);
        Assert.Equal("aloe.jobq.dev.submit.not-normal", table.Route(QueueFilterInput.For(Submission(remoteQueue: "long"), TuesdayAfternoon)).Queue);
    }

    [Fact]
    public void The_filter_values_of_a_submission()
    {
        var values = QueueFilterInput.For(Submission(owner: "bob", nodes: 4, processors: 8, memory: 2.5, hours: 1.5, remoteQueue: "normal",
            roles: "Internal/everyone,admin", archive: true), TuesdayAfternoon);

        Assert.Equal("dev", values["tenant"]);
        Assert.Equal("bob", values["owner"]);
        Assert.Equal("run", values["name"]);
        Assert.Equal("namd-2.14", values["appId"]);
        Assert.Equal("cluster", values["systemId"]);
        Assert.Equal(true, values["archive"]);
        Assert.Equal("store", values["archiveSystem"]);
        Assert.Equal(4.0, values["nodeCount"]);
        Assert.Equal(32.0, values["processorsPerNode"]);
        Assert.Equal(8.0, values["processorsOnEachNode"]);
        Assert.Equal(2.5, values["memoryPerNode"]);
        Assert.Equal(1.5, values["maxHours"]);
        Assert.Equal("normal", values["remoteQueue"]);
        Assert.Equal("Internal/everyone,admin", values["roles"]);
        Assert.Equal(14.0, values["hour"]);
        Assert.Equal(2.0, values["dayOfWeek"]);
        Assert.Equal(AloeOrleans.Grains.Queues.Filters.QueueFilterProperties.Types.Keys.Order(), values.Keys.Order());
    }

    [Fact]
    public void What_a_submission_does_not_ask_for_is_null()
    {
        var values = QueueFilterInput.For(Submission(), new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));

        Assert.Null(values["memoryPerNode"]);
        Assert.Null(values["maxHours"]);
        Assert.Null(values["remoteQueue"]);
        Assert.Null(values["archiveSystem"]);
        Assert.Equal(false, values["archive"]);
        Assert.Equal(0.0, values["hour"]);
        Assert.Equal(0.0, values["dayOfWeek"]);
    }

    [Theory]
    [InlineData("aloe.jobq.dev.submit.DefaultQueue", "dev")]
    [InlineData("aloe.jobq.iplantc.org.submit.big", "iplantc.org")]
    [InlineData("aloe.jobq..submit.x", null)]
    [InlineData("other.dev.submit.x", null)]
    [InlineData("aloe.jobq.dev", null)]
    public void The_tenant_a_queue_name_carries(string name, string? tenant) => Assert.Equal(tenant, QueueDefinition.TenantOf(name));
}
