using System.Globalization;
using AloeOrleans.GrainInterfaces.Queues;

namespace AloeOrleans.Bench.QueueRouting;

/// <summary>
/// A tenant's queues as a busy site might define them: the DefaultQueue and <c>count - 1</c> queues whose filters mix
/// LIKE, IN, BETWEEN, arithmetic and the time of day, none true for the benchmark's jobs (wc-1.0 by user bench), so
/// every submission evaluates every filter before it falls through to the DefaultQueue: the worst case.
/// </summary>
internal static class BenchQueues
{
    public static IReadOnlyList<QueueDefinition> For(string tenant, int count)
    {
        var queues = new List<QueueDefinition> { new(QueueDefinition.DefaultQueueName(tenant), tenant, 1, "TRUE", 100, 10000) };
        for (var index = 1; index < count; index++)
        {
            queues.Add(new QueueDefinition($"aloe.jobq.{tenant}.submit.q{index}", tenant, index + 1, Filter(index), 10, 1000));
        }

        return queues;
    }

    public static string Filter(int index) => (index % 5) switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"appId LIKE 'namd-{index}.%' AND nodeCount > {index % 7 + 1}"),
        1 => string.Create(CultureInfo.InvariantCulture, $"owner IN ('user{index}', 'user{index + 1}', 'user{index + 2}', 'lab{index}')"),
        2 => string.Create(CultureInfo.InvariantCulture, $"processorsPerNode * nodeCount BETWEEN {1000 + index} AND {5000 + index} OR memoryPerNode > {500 + index}"),
        3 => string.Create(CultureInfo.InvariantCulture, $"name LIKE 'sweep\\_{index}%' ESCAPE '\\' AND NOT archive"),
        _ => string.Create(CultureInfo.InvariantCulture, $"(hour BETWEEN 0 AND 23 AND dayOfWeek IN (0, 6)) AND remoteQueue = 'q{index}' OR maxHours > {100 + index}"),
    };
}
