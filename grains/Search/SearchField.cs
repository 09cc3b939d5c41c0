namespace AloeOrleans.Grains.Search;

/// <summary>
/// One searchable field: the name shown in messages, its type, and for <see cref="SearchFieldType.Word"/> the words it
/// takes (upper case, as stored). What the field reads (a column, a property) is the caller's business.
/// </summary>
public sealed record SearchField(string Name, SearchFieldType Type, IReadOnlyList<string>? Words = null)
{
    public IReadOnlyList<string> AllowedWords => Words ?? [];
}
