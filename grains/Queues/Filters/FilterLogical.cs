namespace AloeOrleans.Grains.Queues.Filters;

/// <summary><c>AND</c> / <c>OR</c> with three-valued logic: false AND unknown is false, true OR unknown is true.</summary>
public sealed record FilterLogical(bool IsAnd, FilterNode Left, FilterNode Right, int Position) : FilterNode(FilterType.Boolean, Position)
{
    public override object? Evaluate(IReadOnlyDictionary<string, object?> properties)
    {
        var left = Left.Evaluate(properties) as bool?;
        if (IsAnd && left == false)
        {
            return false;
        }

        if (!IsAnd && left == true)
        {
            return true;
        }

        var right = Right.Evaluate(properties) as bool?;
        return IsAnd
            ? right == false ? false : left is null || right is null ? null : true
            : right == true ? true : left is null || right is null ? null : false;
    }
}
