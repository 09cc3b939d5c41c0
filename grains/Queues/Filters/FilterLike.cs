using System.Text.RegularExpressions;

namespace AloeOrleans.Grains.Queues.Filters;

/// <summary><c>x [NOT] LIKE 'pattern' [ESCAPE 'c']</c>: the pattern compiled once, when the filter is parsed.</summary>
public sealed record FilterLike(FilterNode Operand, Regex Pattern, bool Negated, int Position) : FilterNode(FilterType.Boolean, Position)
{
    public override object? Evaluate(IReadOnlyDictionary<string, object?> properties) =>
        Operand.Evaluate(properties) is string value ? Pattern.IsMatch(value) != Negated : null;
}
