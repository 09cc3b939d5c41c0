using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Grains.Queues.Filters;

namespace AloeOrleans.Grains.Queues.Routing;

/// <summary>
/// One tenant's queues as routing needs them (docs/queues.md, "Routing"): every queue but the DefaultQueue, highest
/// priority first, each filter parsed once here; <see cref="Route"/> returns the first whose filter is true, else the
/// DefaultQueue. A stored filter that does not parse (the table was edited by hand; the import never stores one) leaves
/// its queue out and is reported in <see cref="Unusable"/>. Pure; built when the tenant's queues are loaded.
/// </summary>
public sealed class TenantRoutingTable
{
    private TenantRoutingTable(string defaultQueue, IReadOnlyList<QueueRoute> routes, IReadOnlyList<(string Queue, string Error)> unusable)
    {
        DefaultQueue = defaultQueue;
        Routes = routes;
        Unusable = unusable;
    }

    public string DefaultQueue { get; }

    /// <summary>The queues tried, in the order they are tried (descending priority).</summary>
    public IReadOnlyList<QueueRoute> Routes { get; }

    /// <summary>Queues left out because their stored filter does not parse, with the parser's message.</summary>
    public IReadOnlyList<(string Queue, string Error)> Unusable { get; }

    public static TenantRoutingTable Build(string tenantId, IEnumerable<QueueDefinition> queues)
    {
        ArgumentNullException.ThrowIfNull(queues);
        var defaultQueue = QueueDefinition.DefaultQueueName(tenantId);
        var routes = new List<QueueRoute>();
        var unusable = new List<(string, string)>();
        foreach (var queue in queues.Where(queue => queue.TenantId == tenantId && queue.Name != defaultQueue))
        {
            try
            {
                routes.Add(new QueueRoute(queue.Name, queue.Priority, QueueFilter.Parse(queue.Filter)));
            }
            catch (FilterSyntaxException exception)
            {
                unusable.Add((queue.Name, exception.Message));
            }
        }

        // Priorities are unique per tenant (the table's key); the name only makes the order total for a hand-edited table.
        routes.Sort((a, b) => b.Priority != a.Priority ? b.Priority.CompareTo(a.Priority) : string.CompareOrdinal(a.Name, b.Name));
        return new TenantRoutingTable(defaultQueue, routes, unusable);
    }

    public QueueRoutingDecision Route(IReadOnlyDictionary<string, object?> properties)
    {
        List<(string, string)>? failures = null;
        foreach (var route in Routes)
        {
            if (route.Filter.Matches(properties, out var failure))
            {
                return new QueueRoutingDecision(route.Name, failures ?? (IReadOnlyList<(string, string)>)[]);
            }

            if (failure is not null)
            {
                (failures ??= []).Add((route.Name, failure));
            }
        }

        return new QueueRoutingDecision(DefaultQueue, failures ?? (IReadOnlyList<(string, string)>)[]);
    }
}
