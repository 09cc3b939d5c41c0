namespace AloeOrleans.Grains.Queues.Filters;

/// <summary><c>x [NOT] BETWEEN low AND high</c>: <c>low &lt;= x AND x &lt;= high</c>, with its three-valued logic.</summary>
public sealed record FilterBetween(FilterNode Operand, FilterNode Low, FilterNode High, bool Negated, int Position) : FilterNode(FilterType.Boolean, Position)
{
    public override object? Evaluate(IReadOnlyDictionary<string, object?> properties)
    {
        var value = Operand.Evaluate(properties) as double?;
        var low = Low.Evaluate(properties) as double?;
        var high = High.Evaluate(properties) as double?;
        bool? above = value is null || low is null ? null : value >= low;
        bool? below = value is null || high is null ? null : value <= high;
        bool? within = above == false || below == false ? false : above is null || below is null ? null : true;
        return within is null ? null : within != Negated;
    }
}
