namespace AloeOrleans.Grains.Search;

/// <summary>
/// One parsed term: field, operator and typed values (one, except in/nin: one or more, between: exactly two). Terms
/// of one search are ANDed.
/// </summary>
public sealed record SearchTerm(SearchField Field, SearchOperator Operator, IReadOnlyList<SearchValue> Values)
{
    public SearchValue Value => Values[0];
}
