namespace AloeOrleans.Grains.Queues.Filters;

/// <summary>The kinds of token of the filter language.</summary>
public enum FilterTokenKind
{
    Identifier,
    String,
    Number,
    Keyword,
    Operator,
    OpenParenthesis,
    CloseParenthesis,
    Comma,
    End,
}
