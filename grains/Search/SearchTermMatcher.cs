namespace AloeOrleans.Grains.Search;

/// <summary>
/// Evaluates a <see cref="SearchTerm"/> against one value in memory, for searches over data already held (the
/// catalog). The value is what the field reads: a string (Text, Word, Version), a long, a decimal, a bool, a
/// <see cref="DateTimeOffset"/>, a list of strings, or null when absent. An absent value matches only the negative
/// operators (neq, nin, nlike). Words compare in any case; texts exactly.
/// </summary>
public static class SearchTermMatcher
{
    public static bool Matches(SearchTerm term, object? value)
    {
        ArgumentNullException.ThrowIfNull(term);
        return term.Operator switch
        {
            SearchOperator.Eq or SearchOperator.On => value is not null && Equal(term.Field, term.Value, value),
            SearchOperator.Neq => value is null || !Equal(term.Field, term.Value, value),
            SearchOperator.In => value is not null && term.Values.Any(candidate => Equal(term.Field, candidate, value)),
            SearchOperator.Nin => value is null || !term.Values.Any(candidate => Equal(term.Field, candidate, value)),
            SearchOperator.Like => value is not null && Like(term.Field, term.Value, value),
            SearchOperator.Nlike => value is null || !Like(term.Field, term.Value, value),
            SearchOperator.Lt or SearchOperator.Before => value is not null && Below(term.Value, value, orEqual: false),
            SearchOperator.Lte => value is not null && Below(term.Value, value, orEqual: true),
            SearchOperator.Gt or SearchOperator.After => value is not null && Above(term.Value, value, orEqual: false),
            SearchOperator.Gte => value is not null && Above(term.Value, value, orEqual: true),
            SearchOperator.Between => value is not null && Above(term.Values[0], value, orEqual: true) && Below(term.Values[1], value, orEqual: true),
            _ => throw new ArgumentOutOfRangeException(nameof(term), term.Operator, null),
        };
    }

    private static bool Equal(SearchField field, SearchValue wanted, object value) => value switch
    {
        IReadOnlyList<string> list => list.Contains(wanted.Text, StringComparer.Ordinal),
        string text when field.Type == SearchFieldType.Word => string.Equals(text, wanted.Text, StringComparison.OrdinalIgnoreCase),
        string text when field.Type == SearchFieldType.Version => SearchVersions.TryParse(text, out var version) && SearchVersions.Compare(version, wanted.Version!) == 0,
        string text => string.Equals(text, wanted.Text, StringComparison.Ordinal),
        DateTimeOffset instant => instant >= wanted.From && instant < wanted.Until,
        _ => Order(wanted, value) == 0,
    };

    private static bool Like(SearchField field, SearchValue pattern, object value)
    {
        var comparison = field.Type == SearchFieldType.Word ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return value switch
        {
            IReadOnlyList<string> list => list.Any(item => WildcardPattern.Matches(item, pattern.Text!, comparison)),
            string text => WildcardPattern.Matches(text, pattern.Text!, comparison),
            _ => false,
        };
    }

    /// <summary>value &lt; bound (or ≤); for a date the bound's span: before its start, or (≤) before its end.</summary>
    private static bool Below(SearchValue bound, object value, bool orEqual) => value switch
    {
        DateTimeOffset instant => orEqual ? instant < bound.Until : instant < bound.From,
        _ => Order(bound, value) is { } order && (orEqual ? order >= 0 : order > 0),
    };

    /// <summary>value &gt; bound (or ≥); for a date: at or after its end, or (≥) at or after its start.</summary>
    private static bool Above(SearchValue bound, object value, bool orEqual) => value switch
    {
        DateTimeOffset instant => orEqual ? instant >= bound.From : instant >= bound.Until,
        _ => Order(bound, value) is { } order && (orEqual ? order <= 0 : order < 0),
    };

    /// <summary>How <paramref name="bound"/> compares with <paramref name="value"/>; null when they cannot be compared.</summary>
    private static int? Order(SearchValue bound, object value) => value switch
    {
        long integer when bound.Integer is { } wanted => wanted.CompareTo(integer),
        int integer when bound.Integer is { } wanted => wanted.CompareTo(integer),
        decimal number when bound.Number is { } wanted => wanted.CompareTo(number),
        double number when bound.Number is { } wanted => ((double)wanted).CompareTo(number),
        bool boolean when bound.Boolean is { } wanted => wanted.CompareTo(boolean),
        string text when bound.Version is { } wanted => SearchVersions.TryParse(text, out var version) ? SearchVersions.Compare(wanted, version) : null,
        string text when bound.Text is { } wanted => string.CompareOrdinal(wanted, text),
        _ => null,
    };
}
