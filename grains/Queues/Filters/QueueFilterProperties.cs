namespace AloeOrleans.Grains.Queues.Filters;

/// <summary>
/// The job properties a queue filter may name, with their types (docs/queues.md, "Queue filters"): those of the
/// submission, plus <c>hour</c> (0–23, UTC, at submission) and <c>dayOfWeek</c> (0 = Sunday).
/// </summary>
public static class QueueFilterProperties
{
    public static readonly IReadOnlyDictionary<string, FilterType> Types = new Dictionary<string, FilterType>(StringComparer.Ordinal)
    {
        ["tenant"] = FilterType.String,
        ["owner"] = FilterType.String,
        ["name"] = FilterType.String,
        ["appId"] = FilterType.String,
        ["systemId"] = FilterType.String,
        ["archive"] = FilterType.Boolean,
        ["archiveSystem"] = FilterType.String,
        ["nodeCount"] = FilterType.Number,
        ["processorsPerNode"] = FilterType.Number,
        ["processorsOnEachNode"] = FilterType.Number,
        ["memoryPerNode"] = FilterType.Number,
        ["maxHours"] = FilterType.Number,
        ["remoteQueue"] = FilterType.String,
        ["roles"] = FilterType.String,
        ["hour"] = FilterType.Number,
        ["dayOfWeek"] = FilterType.Number,
    };
}
