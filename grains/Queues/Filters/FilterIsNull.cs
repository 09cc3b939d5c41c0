namespace AloeOrleans.Grains.Queues.Filters;

/// <summary><c>x IS [NOT] NULL</c>: never unknown.</summary>
public sealed record FilterIsNull(FilterNode Operand, bool Negated, int Position) : FilterNode(FilterType.Boolean, Position)
{
    public override object? Evaluate(IReadOnlyDictionary<string, object?> properties) => (Operand.Evaluate(properties) is null) != Negated;
}
