namespace AloeOrleans.Grains.Queues.Filters;

/// <summary><c>NOT x</c>: NOT of unknown is unknown.</summary>
public sealed record FilterNot(FilterNode Operand, int Position) : FilterNode(FilterType.Boolean, Position)
{
    public override object? Evaluate(IReadOnlyDictionary<string, object?> properties) =>
        Operand.Evaluate(properties) is bool value ? !value : null;
}
