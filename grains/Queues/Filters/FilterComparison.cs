namespace AloeOrleans.Grains.Queues.Filters;

/// <summary><c>= &lt;&gt; &lt; &gt; &lt;= &gt;=</c>; unknown when either side is NULL. Strings compare ordinally.</summary>
public sealed record FilterComparison(string Operator, FilterNode Left, FilterNode Right, int Position) : FilterNode(FilterType.Boolean, Position)
{
    public override object? Evaluate(IReadOnlyDictionary<string, object?> properties)
    {
        var left = Left.Evaluate(properties);
        var right = Right.Evaluate(properties);
        if (left is null || right is null)
        {
            return null;
        }

        var order = (left, right) switch
        {
            (double a, double b) => a.CompareTo(b),
            (string a, string b) => string.CompareOrdinal(a, b),
            (bool a, bool b) => a.CompareTo(b),
            _ => throw new FilterEvaluationException($"cannot compare {left.GetType().Name} with {right.GetType().Name}"),
        };
        return Operator switch
        {
            "=" => order == 0,
            "<>" => order != 0,
            "<" => order < 0,
            ">" => order > 0,
            "<=" => order <= 0,
            _ => order >= 0,
        };
    }
}
