using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Grains.Queues;
using AloeOrleans.Grains.Queues.Import;
using Xunit;

namespace AloeOrleans.Tests.Queues;

/// <summary>The rules across queues and files of an import, and what it changes (docs/queues.md, "Defining queues").</summary>
public sealed class QueueImportPlannerTests
{
    private static readonly QueueDefaultsOptions Defaults = new() { NumWorkers = 100, MaxMessages = 10000 };

    private static QueueDefinition Queue(string name, int priority, string filter = "TRUE", string tenant = "dev", int workers = 10, int max = 100) =>
        new($"aloe.jobq.{tenant}.submit.{name}", tenant, priority, filter, workers, max);

    private static ImportedQueue In(string file, QueueDefinition queue) => new(file, queue);

    private static QueueImportPlan Plan(IReadOnlyList<ImportedQueue> imported, IReadOnlyList<QueueDefinition>? stored = null,
        IReadOnlyDictionary<string, int>? unfinished = null, params string[] drainTo) =>
        QueueImportPlanner.Plan(imported, stored ?? [], unfinished ?? new Dictionary<string, int>(), drainTo, Defaults);

    private static string Errors(QueueImportPlan plan) => string.Join("\n", plan.Errors);

    [Fact]
    public void A_first_import_creates_every_queue_and_the_missing_default_queue()
    {
        var plan = Plan([In("a.json", Queue("big", 30)), In("a.json", Queue("team", 20))]);

        Assert.True(plan.IsValid, Errors(plan));
        Assert.Equal(
            [
                (QueueChangeKind.Created, "aloe.jobq.dev.submit.big"), (QueueChangeKind.Created, "aloe.jobq.dev.submit.team"),
                (QueueChangeKind.Created, "aloe.jobq.dev.submit.DefaultQueue"),
            ],
            plan.Changes.Select(change => (change.Kind, change.Queue.Name)));
        var defaultQueue = plan.Changes.Single(change => change.Queue.Priority == 1).Queue;
        Assert.Equal((100, 10000, "TRUE"), (defaultQueue.NumWorkers, defaultQueue.MaxMessages, defaultQueue.Filter));
    }

    [Fact]
    public void The_same_files_again_change_nothing()
    {
        var queues = new[] { Queue("DefaultQueue", 1), Queue("big", 30, "nodeCount > 1") };

        var plan = Plan([.. queues.Select(queue => In("a.json", queue))], stored: queues);

        Assert.True(plan.IsValid, Errors(plan));
        Assert.All(plan.Changes, change => Assert.Equal(QueueChangeKind.Unchanged, change.Kind));
        Assert.Equal(2, plan.Count(QueueChangeKind.Unchanged));
    }

    [Fact]
    public void A_changed_limit_filter_or_priority_is_an_update()
    {
        var stored = new[] { Queue("DefaultQueue", 1), Queue("a", 30), Queue("b", 20), Queue("c", 10, "owner = 'x'") };

        var plan = Plan(
        [
            In("f", Queue("DefaultQueue", 1, workers: 50)), In("f", Queue("a", 20)), In("f", Queue("b", 30)), In("f", Queue("c", 10, "owner = 'y'")),
        ], stored);

        Assert.True(plan.IsValid, Errors(plan));
        Assert.Equal(4, plan.Count(QueueChangeKind.Updated));
        Assert.Equal(30, plan.Changes.Single(change => change.Queue.Name.EndsWith(".a", StringComparison.Ordinal)).Previous!.Priority);
    }

    [Fact]
    public void A_stored_queue_no_file_defines_is_removed_but_the_default_queue_is_kept()
    {
        var stored = new[] { Queue("DefaultQueue", 1), Queue("old", 30), Queue("kept", 20) };

        var plan = Plan([In("f", Queue("kept", 20))], stored);

        Assert.True(plan.IsValid, Errors(plan));
        Assert.Equal(
            [(QueueChangeKind.Removed, "aloe.jobq.dev.submit.old"), (QueueChangeKind.Unchanged, "aloe.jobq.dev.submit.kept")],
            plan.Changes.Select(change => (change.Kind, change.Queue.Name)));
    }

    [Fact]
    public void Queues_of_tenants_the_files_do_not_name_are_never_touched()
    {
        var plan = Plan([In("f", Queue("kept", 20))], [Queue("theirs", 30, tenant: "other"), Queue("DefaultQueue", 1, tenant: "other")]);

        Assert.True(plan.IsValid, Errors(plan));
        Assert.DoesNotContain(plan.Changes, change => change.Queue.TenantId == "other");
    }

    [Fact]
    public void Removing_a_queue_with_unfinished_jobs_needs_a_drain_queue()
    {
        var stored = new[] { Queue("DefaultQueue", 1), Queue("old", 30) };
        var unfinished = new Dictionary<string, int> { ["aloe.jobq.dev.submit.old"] = 3 };

        var refused = Plan([In("f", Queue("new", 20))], stored, unfinished);
        var error = Assert.Single(refused.Errors);
        Assert.Equal(("command line", "aloe.jobq.dev.submit.old"), (error.File, error.Queue));
        Assert.Contains("3 unfinished job(s)", error.Rule, StringComparison.Ordinal);
        Assert.Contains("--drain-to", error.Rule, StringComparison.Ordinal);
        Assert.Empty(refused.Changes);

        var drained = Plan([In("f", Queue("new", 20))], stored, unfinished, "aloe.jobq.dev.submit.new");
        Assert.True(drained.IsValid, Errors(drained));
        var removal = drained.Changes.Single(change => change.Kind == QueueChangeKind.Removed);
        Assert.Equal(("aloe.jobq.dev.submit.new", 3), (removal.DrainTo, removal.Unfinished));

        var toDefault = Plan([In("f", Queue("new", 20))], stored, unfinished, "aloe.jobq.dev.submit.DefaultQueue");
        Assert.True(toDefault.IsValid, Errors(toDefault));
    }

    [Theory]
    [InlineData("aloe.jobq.dev.submit.old", "must name a queue the files define")]
    [InlineData("aloe.jobq.other.submit.DefaultQueue", "must name a queue the files define")]
    [InlineData("nonsense", "must name a queue the files define")]
    public void A_drain_queue_must_stay_after_the_import(string drainTo, string rule)
    {
        var plan = Plan([In("f", Queue("new", 20))], [Queue("old", 30)], new Dictionary<string, int> { ["aloe.jobq.dev.submit.old"] = 1 }, drainTo);

        Assert.Contains(plan.Errors, error => error.Queue == drainTo && error.Rule.Contains(rule, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_drain_queues_for_one_tenant_are_refused()
    {
        var plan = Plan([In("f", Queue("a", 20)), In("f", Queue("b", 30))], [], null, "aloe.jobq.dev.submit.a", "aloe.jobq.dev.submit.b");

        Assert.Contains(plan.Errors, error => error.Rule.Contains("two queues of tenant dev", StringComparison.Ordinal));
    }

    [Fact]
    public void A_queue_defined_twice_names_both_files()
    {
        var plan = Plan([In("a.json", Queue("big", 30)), In("b.json", Queue("big", 40))]);

        var error = Assert.Single(plan.Errors);
        Assert.Equal(("b.json", "aloe.jobq.dev.submit.big"), (error.File, error.Queue));
        Assert.Contains("a.json", error.Rule, StringComparison.Ordinal);
        Assert.Contains("twice in this file", Errors(Plan([In("a.json", Queue("big", 30)), In("a.json", Queue("big", 40))])), StringComparison.Ordinal);
    }

    [Fact]
    public void Priorities_are_unique_within_a_tenant_across_files_but_not_across_tenants()
    {
        var clash = Plan([In("a.json", Queue("x", 30)), In("b.json", Queue("y", 30))]);
        var error = Assert.Single(clash.Errors);
        Assert.Equal(("b.json", "aloe.jobq.dev.submit.y"), (error.File, error.Queue));
        Assert.Contains("priority 30 is also the priority of aloe.jobq.dev.submit.x (a.json)", error.Rule, StringComparison.Ordinal);

        Assert.True(Plan([In("a.json", Queue("x", 30)), In("b.json", Queue("y", 30, tenant: "other"))]).IsValid);
    }

    [Fact]
    public void The_name_carries_the_tenant_id()
    {
        var plan = Plan([In("f", new QueueDefinition("aloe.jobq.other.submit.x", "dev", 5, "TRUE", 1, 1))]);

        var error = Assert.Single(plan.Errors);
        Assert.Equal(("f", "aloe.jobq.other.submit.x"), (error.File, error.Queue));
        Assert.Contains("is defined with tenant id dev instead of other", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Priority_one_is_the_default_queues_alone()
    {
        Assert.Contains("reserved for the DefaultQueue", Errors(Plan([In("f", Queue("x", 1))])), StringComparison.Ordinal);
        Assert.Contains("the DefaultQueue's priority is 1", Errors(Plan([In("f", Queue("DefaultQueue", 2))])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TRUE", true)]
    [InlineData(" true ", true)]
    [InlineData("owner = 'alice'", false)]
    [InlineData("FALSE", false)]
    public void The_default_queues_filter_is_true(string filter, bool valid) =>
        Assert.Equal(valid, Plan([In("f", Queue("DefaultQueue", 1, filter))]).IsValid);

    [Theory]
    [InlineData("owner =", "filter does not parse")]
    [InlineData("owner = 1", "compares a string with a number")]
    [InlineData("nodeCount LIKE 'x'", "filter does not parse")]
    [InlineData("unknownProperty = 1", "filter does not parse")]
    public void Every_filter_must_parse(string filter, string rule)
    {
        var error = Assert.Single(Plan([In("f", Queue("x", 5, filter))]).Errors);
        Assert.Equal("aloe.jobq.dev.submit.x", error.Queue);
        Assert.Contains(rule, error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tenant_has_at_most_a_thousand_queues()
    {
        var many = Enumerable.Range(2, QueueImportPlanner.MaxQueuesPerTenant + 1).Select(priority => In("f", Queue($"q{priority}", priority))).ToList();

        Assert.Contains($"the most a tenant may have is {QueueImportPlanner.MaxQueuesPerTenant}", Errors(Plan(many)), StringComparison.Ordinal);
        Assert.True(Plan(many.Take(QueueImportPlanner.MaxQueuesPerTenant - 1).ToList()).IsValid);
    }

    [Fact]
    public void Every_error_is_reported_at_once_and_none_leaves_a_change()
    {
        var plan = Plan([In("a", Queue("x", 1)), In("a", Queue("y", 5, "owner =")), In("b", Queue("y", 6))]);

        Assert.Equal(3, plan.Errors.Count);
        Assert.Empty(plan.Changes);
    }
}
