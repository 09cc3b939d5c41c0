namespace AloeOrleans.Grains.Search;

/// <summary>
/// How a search field's values are typed: which operators it takes and how a value in the query string is read
/// (docs/api.md, "Searching").
/// </summary>
public enum SearchFieldType
{
    /// <summary>Free text, compared exactly (ordinal); like/nlike with <c>*</c>; ordering compares ordinally.</summary>
    Text,

    /// <summary>One of a fixed set of words (<see cref="SearchField.Words"/>), any case; eq, neq, in, nin, like, nlike.</summary>
    Word,

    /// <summary>A whole number (64-bit).</summary>
    Integer,

    /// <summary>A decimal number.</summary>
    Number,

    /// <summary>Numbers separated by dots (<c>1.10</c> is after <c>1.9</c>), as app versions are.</summary>
    Version,

    /// <summary><c>true</c> or <c>false</c> (any case); eq and neq only.</summary>
    Boolean,

    /// <summary>An instant: ISO 8601 (a date alone means that whole day, UTC) or epoch seconds; also on, before, after, between.</summary>
    Timestamp,

    /// <summary>A list of texts (tags): eq/in mean "contains", neq/nin "does not contain", like/nlike "an element matches".</summary>
    TextList,
}
