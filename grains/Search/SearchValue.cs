namespace AloeOrleans.Grains.Search;

/// <summary>
/// One value of a search term, read for its field's type: exactly one of the typed members is set (for a
/// <see cref="SearchFieldType.Timestamp"/>, <see cref="From"/> and <see cref="Until"/>: the second, or the day, the
/// value names, <see cref="Until"/> excluded). <see cref="Raw"/> is what the query string said.
/// </summary>
public sealed record SearchValue
{
    public required string Raw { get; init; }
    public string? Text { get; init; }
    public long? Integer { get; init; }
    public decimal? Number { get; init; }
    public bool? Boolean { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? Until { get; init; }
    public IReadOnlyList<long>? Version { get; init; }
}
