namespace AloeOrleans.Grains.Queues.Filters;

/// <summary>Unary minus.</summary>
public sealed record FilterNegate(FilterNode Operand, int Position) : FilterNode(FilterType.Number, Position)
{
    public override object? Evaluate(IReadOnlyDictionary<string, object?> properties) =>
        Operand.Evaluate(properties) is double value ? -value : null;
}
