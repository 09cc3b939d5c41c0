using System.Globalization;

namespace AloeOrleans.Grains.Queues.Filters;

/// <summary>A job property named in the filter; a property the job lacks is NULL.</summary>
public sealed record FilterProperty(string Name, FilterType Type, int Position) : FilterNode(Type, Position)
{
    public override object? Evaluate(IReadOnlyDictionary<string, object?> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (!properties.TryGetValue(Name, out var value) || value is null)
        {
            return null;
        }

        return Type switch
        {
            FilterType.Number => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            FilterType.Boolean => value is bool flag ? flag : throw new FilterEvaluationException($"property {Name} is not a boolean"),
            _ => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture),
        };
    }
}
