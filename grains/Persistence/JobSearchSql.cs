using AloeOrleans.Grains.Search;
using Npgsql;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// Turns parsed search terms into SQL conditions over <c>aloe_jobs</c> (docs/api.md, "Searching jobs"). Only the
/// expressions of <see cref="JobSearchFields"/> and fixed operators are spliced into the text; every value is a typed
/// parameter (<c>@s0</c>, <c>@s1</c>, …). The meaning matches <see cref="SearchTermMatcher"/>: a NULL column matches only
/// the negative operators (neq, nin, nlike); a date names its second or its whole day. Pure: builds text and parameters.
/// </summary>
public static class JobSearchSql
{
    /// <summary>One condition per term, each to be ANDed, with the parameters they use.</summary>
    public static (IReadOnlyList<string> Conditions, IReadOnlyList<NpgsqlParameter> Parameters) Build(IReadOnlyList<SearchTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var parameters = new List<NpgsqlParameter>();
        var conditions = terms.Select(term => Condition(term, parameters)).ToList();
        return (conditions, parameters);
    }

    /// <summary>Whether a term names the <c>visible</c> field, so hidden jobs are not excluded by default.</summary>
    public static bool MentionsVisibility(IReadOnlyList<SearchTerm>? terms) =>
        terms is not null && terms.Any(term => string.Equals(term.Field.Name, "visible", StringComparison.Ordinal));

    private static string Condition(SearchTerm term, List<NpgsqlParameter> parameters)
    {
        var column = JobSearchFields.ColumnOf(term.Field);
        return term.Field.Type == SearchFieldType.Timestamp
            ? DateCondition(column, term, parameters)
            : ValueCondition(column, term, parameters);
    }

    private static string ValueCondition(string column, SearchTerm term, List<NpgsqlParameter> parameters)
    {
        // Texts order ordinally (as the in-memory matcher does), whatever the database's collation.
        var ordered = term.Field.Type is SearchFieldType.Text or SearchFieldType.Word ? $"{column} COLLATE \"C\"" : column;
        string One(SearchValue value) => Add(parameters, Parameter(term.Field.Type, value));
        return term.Operator switch
        {
            SearchOperator.Eq => $"{column} = {One(term.Value)}",
            SearchOperator.Neq => $"{column} IS DISTINCT FROM {One(term.Value)}",
            SearchOperator.In => $"{column} = ANY ({Add(parameters, ArrayParameter(term))})",
            SearchOperator.Nin => $"({column} IS NULL OR NOT ({column} = ANY ({Add(parameters, ArrayParameter(term))})))",
            SearchOperator.Lt => $"{ordered} < {One(term.Value)}",
            SearchOperator.Lte => $"{ordered} <= {One(term.Value)}",
            SearchOperator.Gt => $"{ordered} > {One(term.Value)}",
            SearchOperator.Gte => $"{ordered} >= {One(term.Value)}",
            SearchOperator.Between => $"{ordered} BETWEEN {One(term.Values[0])} AND {One(term.Values[1])}",
            SearchOperator.Like => $"{column} LIKE {Pattern(parameters, term.Value)} ESCAPE '\\'",
            SearchOperator.Nlike => $"({column} IS NULL OR {column} NOT LIKE {Pattern(parameters, term.Value)} ESCAPE '\\')",
            _ => throw new ArgumentOutOfRangeException(nameof(term), term.Operator, $"{term.Field.Name} takes no {term.Operator}."),
        };
    }

    /// <summary>A date value is the span [From, Until): its second, or its day. "lt"/"before" end before it starts, and so on.</summary>
    private static string DateCondition(string column, SearchTerm term, List<NpgsqlParameter> parameters)
    {
        string From(SearchValue value) => Add(parameters, new NpgsqlParameter<DateTimeOffset>("", value.From!.Value));
        string Until(SearchValue value) => Add(parameters, new NpgsqlParameter<DateTimeOffset>("", value.Until!.Value));
        string Within(SearchValue value) => $"({column} >= {From(value)} AND {column} < {Until(value)})";
        string AnyWithin() => "(" + string.Join(" OR ", term.Values.Select(Within)) + ")";
        return term.Operator switch
        {
            SearchOperator.Eq or SearchOperator.On => Within(term.Value),
            SearchOperator.Neq => $"({column} IS NULL OR NOT {Within(term.Value)})",
            SearchOperator.In => AnyWithin(),
            SearchOperator.Nin => $"({column} IS NULL OR NOT {AnyWithin()})",
            SearchOperator.Lt or SearchOperator.Before => $"{column} < {From(term.Value)}",
            SearchOperator.Lte => $"{column} < {Until(term.Value)}",
            SearchOperator.Gt or SearchOperator.After => $"{column} >= {Until(term.Value)}",
            SearchOperator.Gte => $"{column} >= {From(term.Value)}",
            SearchOperator.Between => $"({column} >= {From(term.Values[0])} AND {column} < {Until(term.Values[1])})",
            _ => throw new ArgumentOutOfRangeException(nameof(term), term.Operator, $"{term.Field.Name} takes no {term.Operator}."),
        };
    }

    private static string Pattern(List<NpgsqlParameter> parameters, SearchValue value) =>
        Add(parameters, new NpgsqlParameter<string>("", WildcardPattern.ToSqlLike(value.Text!)));

    private static NpgsqlParameter Parameter(SearchFieldType type, SearchValue value) => type switch
    {
        SearchFieldType.Text or SearchFieldType.Word => new NpgsqlParameter<string>("", value.Text!),
        SearchFieldType.Integer => new NpgsqlParameter<long>("", value.Integer!.Value),
        // The number columns are double precision; comparing with a double keeps the column's index usable.
        SearchFieldType.Number => new NpgsqlParameter<double>("", (double)value.Number!.Value),
        SearchFieldType.Boolean => new NpgsqlParameter<bool>("", value.Boolean!.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a scalar job search type."),
    };

    private static NpgsqlParameter ArrayParameter(SearchTerm term) => term.Field.Type switch
    {
        SearchFieldType.Text or SearchFieldType.Word => new NpgsqlParameter<string[]>("", [.. term.Values.Select(value => value.Text!)]),
        SearchFieldType.Integer => new NpgsqlParameter<long[]>("", [.. term.Values.Select(value => value.Integer!.Value)]),
        SearchFieldType.Number => new NpgsqlParameter<double[]>("", [.. term.Values.Select(value => (double)value.Number!.Value)]),
        _ => throw new ArgumentOutOfRangeException(nameof(term), term.Field.Type, "Not a listable job search type."),
    };

    /// <summary>Names the parameter by its position and returns the placeholder to splice.</summary>
    private static string Add(List<NpgsqlParameter> parameters, NpgsqlParameter parameter)
    {
        parameter.ParameterName = "s" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        parameters.Add(parameter);
        return "@" + parameter.ParameterName;
    }
}
