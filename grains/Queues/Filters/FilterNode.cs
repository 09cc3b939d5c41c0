namespace AloeOrleans.Grains.Queues.Filters;

/// <summary>
/// A node of a parsed filter: its static type, where it starts in the filter text, and its value for a job's
/// properties: null (unknown), a bool, a double or a string. Evaluation follows SQL's three-valued logic.
/// </summary>
public abstract record FilterNode(FilterType Type, int Position)
{
    public abstract object? Evaluate(IReadOnlyDictionary<string, object?> properties);
}
