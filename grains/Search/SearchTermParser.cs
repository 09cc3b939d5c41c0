using System.Collections.Frozen;
using System.Globalization;

namespace AloeOrleans.Grains.Search;

/// <summary>
/// Agave's search syntax over any whitelist of typed fields (docs/api.md, "Searching"): each query parameter
/// <c>&lt;field&gt;[.&lt;op&gt;]=&lt;value&gt;</c> becomes a typed <see cref="SearchTerm"/>; no operator means eq; field
/// names and operators are case-insensitive. An unknown field, an operator the field's type does not take, or a value
/// that is not of the field's type is refused with a message naming the parameter. Pure: what a term is compared with
/// (a column, a property) is left to the caller.
/// </summary>
public static class SearchTermParser
{
    /// <summary>More terms than this in one request are refused (each term costs a pass over the candidates).</summary>
    public const int MaxTerms = 50;

    /// <summary>More values than this in one in/nin list are refused.</summary>
    public const int MaxListValues = 100;

    /// <summary>A longer value is refused: no field holds anything near it.</summary>
    public const int MaxValueLength = 1024;

    private static readonly FrozenDictionary<string, SearchOperator> Operators =
        Enum.GetValues<SearchOperator>().ToFrozenDictionary(op => op.ToString().ToLowerInvariant(), op => op, StringComparer.OrdinalIgnoreCase);

    private static readonly SearchOperator[] Equality = [SearchOperator.Eq, SearchOperator.Neq, SearchOperator.In, SearchOperator.Nin];
    private static readonly SearchOperator[] Ordering = [SearchOperator.Lt, SearchOperator.Lte, SearchOperator.Gt, SearchOperator.Gte];
    private static readonly SearchOperator[] Patterns = [SearchOperator.Like, SearchOperator.Nlike];
    private static readonly SearchOperator[] Dates = [SearchOperator.On, SearchOperator.Before, SearchOperator.After, SearchOperator.Between];

    /// <summary>The operators a type takes, in the order messages list them.</summary>
    public static IReadOnlyList<SearchOperator> OperatorsOf(SearchFieldType type) => type switch
    {
        SearchFieldType.Text => [.. Equality, .. Ordering, .. Patterns],
        SearchFieldType.Word or SearchFieldType.TextList => [.. Equality, .. Patterns],
        SearchFieldType.Integer or SearchFieldType.Number or SearchFieldType.Version => [.. Equality, .. Ordering, SearchOperator.Between],
        SearchFieldType.Boolean => [SearchOperator.Eq, SearchOperator.Neq],
        SearchFieldType.Timestamp => [.. Equality, .. Ordering, .. Dates],
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>
    /// Parses <paramref name="parameters"/> (query keys and values; a key given twice is two terms) against
    /// <paramref name="fields"/>. False with <paramref name="error"/> (one sentence naming the parameter) on the first problem.
    /// </summary>
    public static bool TryParse(IEnumerable<KeyValuePair<string, string>> parameters, SearchFieldTable fields,
        out IReadOnlyList<SearchTerm> terms, out string error)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(fields);
        var parsed = new List<SearchTerm>();
        terms = parsed;
        error = "";
        foreach (var (key, value) in parameters)
        {
            if (parsed.Count == MaxTerms)
            {
                error = $"At most {MaxTerms} search terms are accepted in one request.";
                return false;
            }

            if (!TryParseTerm(key, value, fields, out var term, out error))
            {
                return false;
            }

            parsed.Add(term);
        }

        return true;
    }

    private static bool TryParseTerm(string key, string value, SearchFieldTable fields, out SearchTerm term, out string error)
    {
        term = null!;
        if (!TryResolveKey(key, fields, out var field, out var op, out error))
        {
            return false;
        }

        var shownKey = Shown(key);
        var allowed = OperatorsOf(field.Type);
        if (!allowed.Contains(op))
        {
            error = $"{shownKey}: operator {Name(op)} does not apply to {field.Name}, a {Describe(field.Type)} field; use one of {string.Join(", ", allowed.Select(Name))}.";
            return false;
        }

        if (value.Length > MaxValueLength)
        {
            error = $"{shownKey}: the value is longer than {MaxValueLength} characters.";
            return false;
        }

        var texts = op switch
        {
            SearchOperator.In or SearchOperator.Nin or SearchOperator.Between => value.Split(','),
            _ => [value],
        };
        if (op == SearchOperator.Between && texts.Length != 2)
        {
            error = $"{shownKey}: between takes two values separated by a comma (from,to), got '{Shown(value)}'.";
            return false;
        }

        if (texts.Length > MaxListValues)
        {
            error = $"{shownKey}: at most {MaxListValues} values are accepted in one list, got {texts.Length}.";
            return false;
        }

        var values = new List<SearchValue>(texts.Length);
        foreach (var text in texts)
        {
            var read = op is SearchOperator.Like or SearchOperator.Nlike
                ? ReadPattern(text, field)
                : ReadValue(text, field);
            if (read.Problem is { } problem)
            {
                error = $"{shownKey}: {problem}";
                return false;
            }

            values.Add(read.Value!);
        }

        if (op == SearchOperator.Between && Compare(values[0], values[1]) > 0)
        {
            error = $"{shownKey}: between takes the smaller value first, got '{Shown(value)}'.";
            return false;
        }

        term = new SearchTerm(field, op, values);
        return true;
    }

    /// <summary>The whole key if it names a field (some names hold dots), else the part before the last dot and an operator after it.</summary>
    private static bool TryResolveKey(string key, SearchFieldTable fields, out SearchField field, out SearchOperator op, out string error)
    {
        op = SearchOperator.Eq;
        error = "";
        if (fields.TryFind(key, out field))
        {
            return true;
        }

        var dot = key.LastIndexOf('.');
        if (dot > 0 && Operators.TryGetValue(key[(dot + 1)..], out op))
        {
            if (fields.TryFind(key[..dot], out field))
            {
                return true;
            }

            error = $"'{Shown(key[..dot])}' is not a search field of {fields.What}; use one of {string.Join(", ", fields.Names)} (any case).";
            return false;
        }

        error = dot > 0
            ? $"'{Shown(key)}' is not a search field of {fields.What}, and '{Shown(key[(dot + 1)..])}' is not a search operator; fields: {string.Join(", ", fields.Names)}; operators: {string.Join(", ", Operators.Keys.Order(StringComparer.Ordinal))}."
            : $"'{Shown(key)}' is not a search field of {fields.What}; use one of {string.Join(", ", fields.Names)} (any case).";
        return false;
    }

    private static (SearchValue? Value, string? Problem) ReadPattern(string text, SearchField field) =>
        (new SearchValue { Raw = text, Text = field.Type == SearchFieldType.Word ? text.ToUpperInvariant() : text }, null);

    private static (SearchValue? Value, string? Problem) ReadValue(string text, SearchField field)
    {
        switch (field.Type)
        {
            case SearchFieldType.Text:
            case SearchFieldType.TextList:
                return (new SearchValue { Raw = text, Text = text }, null);
            case SearchFieldType.Word:
                var word = text.Trim().ToUpperInvariant();
                return field.AllowedWords.Contains(word, StringComparer.Ordinal)
                    ? (new SearchValue { Raw = text, Text = word }, null)
                    : (null, $"'{Shown(text)}' is not a value of {field.Name}; use one of {string.Join(", ", field.AllowedWords)} (any case).");
            case SearchFieldType.Integer:
                return long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                    ? (new SearchValue { Raw = text, Integer = integer }, null)
                    : (null, $"'{Shown(text)}' is not an integer; {field.Name} takes whole numbers.");
            case SearchFieldType.Number:
                return decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                    CultureInfo.InvariantCulture, out var number)
                    ? (new SearchValue { Raw = text, Number = number }, null)
                    : (null, $"'{Shown(text)}' is not a number; {field.Name} takes numbers such as 2 or 1.5.");
            case SearchFieldType.Version:
                return SearchVersions.TryParse(text.Trim(), out var version)
                    ? (new SearchValue { Raw = text, Version = version }, null)
                    : (null, $"'{Shown(text)}' is not a version; {field.Name} takes numbers separated by dots, such as 1.0 or 2.10.3.");
            case SearchFieldType.Boolean:
                return bool.TryParse(text.Trim(), out var boolean)
                    ? (new SearchValue { Raw = text, Boolean = boolean }, null)
                    : (null, $"'{Shown(text)}' is not a boolean; {field.Name} takes true or false.");
            case SearchFieldType.Timestamp:
                return SearchTimestamps.TryParse(text.Trim(), out var from, out var until)
                    ? (new SearchValue { Raw = text, From = from, Until = until }, null)
                    : (null, $"'{Shown(text)}' is not a date; {field.Name} takes ISO 8601 (2026-11-28T07:55:22Z, 2026-11-28T07:55:22+01:00), a date (2026-11-28, that whole day in UTC) or epoch seconds.");
            default:
                throw new ArgumentOutOfRangeException(nameof(field), field.Type, null);
        }
    }

    /// <summary>Orders two values of one ordered type (for between's bounds).</summary>
    internal static int Compare(SearchValue first, SearchValue second) =>
        first.Integer is { } a ? a.CompareTo(second.Integer!.Value)
        : first.Number is { } n ? n.CompareTo(second.Number!.Value)
        : first.From is { } f ? f.CompareTo(second.From!.Value)
        : first.Version is { } v ? SearchVersions.Compare(v, second.Version!)
        : string.CompareOrdinal(first.Text, second.Text);

    private static string Name(SearchOperator op) => op.ToString().ToLowerInvariant();

    private static string Describe(SearchFieldType type) => type switch
    {
        SearchFieldType.Text => "text",
        SearchFieldType.Word => "word",
        SearchFieldType.Integer => "integer",
        SearchFieldType.Number => "number",
        SearchFieldType.Version => "version",
        SearchFieldType.Boolean => "boolean",
        SearchFieldType.Timestamp => "date",
        SearchFieldType.TextList => "list",
        _ => type.ToString(),
    };

    /// <summary>What a message repeats of the request: short, without control characters.</summary>
    internal static string Shown(string text)
    {
        var safe = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return safe.Length <= 60 ? safe : string.Concat(safe.AsSpan(0, 60), "…");
    }
}
