namespace AloeOrleans.Grains.Queues.Filters;

/// <summary><c>x [NOT] IN (v, …)</c> over literals of x's type; unknown when x is NULL.</summary>
public sealed record FilterIn(FilterNode Operand, IReadOnlyList<object> Values, bool Negated, int Position) : FilterNode(FilterType.Boolean, Position)
{
    public override object? Evaluate(IReadOnlyDictionary<string, object?> properties)
    {
        var value = Operand.Evaluate(properties);
        return value is null ? null : Values.Contains(value) != Negated;
    }
}
