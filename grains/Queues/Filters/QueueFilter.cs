namespace AloeOrleans.Grains.Queues.Filters;

/// <summary>
/// A parsed and type-checked queue filter (docs/queues.md, "Queue filters"): parsed once when its queue is loaded,
/// evaluated per submission. Pure.
/// </summary>
public sealed class QueueFilter
{
    private QueueFilter(string text, FilterNode root)
    {
        Text = text;
        Root = root;
    }

    public string Text { get; }

    public FilterNode Root { get; }

    /// <summary>Parses <paramref name="text"/> over <paramref name="properties"/> (default: <see cref="QueueFilterProperties.Types"/>).</summary>
    /// <exception cref="FilterSyntaxException">It does not parse or type-check; the message names the position.</exception>
    public static QueueFilter Parse(string text, IReadOnlyDictionary<string, FilterType>? properties = null) =>
        new(text, new FilterParser(text, properties ?? QueueFilterProperties.Types).ParseFilter());

    /// <summary>True, false, or null when the answer is unknown (a NULL decided it).</summary>
    /// <exception cref="FilterEvaluationException">It failed (a division by zero).</exception>
    public bool? Evaluate(IReadOnlyDictionary<string, object?> properties) => Root.Evaluate(properties) as bool?;

    /// <summary>Whether the filter is true for these properties: unknown and failing filters are not.</summary>
    public bool Matches(IReadOnlyDictionary<string, object?> properties, out string? failure)
    {
        failure = null;
        try
        {
            return Evaluate(properties) == true;
        }
        catch (FilterEvaluationException exception)
        {
            failure = exception.Message;
            return false;
        }
    }

    public override string ToString() => Text;
}
