namespace AloeOrleans.Grains.Queues.Filters;

/// <summary>A string, number, TRUE, FALSE or NULL written in the filter.</summary>
public sealed record FilterLiteral(object? Value, FilterType Type, int Position) : FilterNode(Type, Position)
{
    public override object? Evaluate(IReadOnlyDictionary<string, object?> properties) => Value;
}
