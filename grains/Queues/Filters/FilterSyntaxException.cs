namespace AloeOrleans.Grains.Queues.Filters;

/// <summary>A filter that does not parse or type-check: the message says what, <see cref="Position"/> where (0-based).</summary>
public sealed class FilterSyntaxException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}
