using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AloeOrleans.Grains.Queues.Filters;

/// <summary>
/// Recursive-descent parser of the filter language (the SQL-92 conditional subset of JMS message selectors; docs/queues.md,
/// "Queue filters"), with types checked as it goes. Precedence, loosest first: OR, AND, NOT, comparisons (and LIKE, IN,
/// BETWEEN, IS NULL), + -, * /, unary + -. Every error says what and where ("at position N": 1-based). Pure.
/// </summary>
internal sealed class FilterParser
{
    private const int MaxDepth = 64;
    private static readonly TimeSpan LikeTimeout = TimeSpan.FromMilliseconds(100);

    private readonly string text;
    private readonly IReadOnlyDictionary<string, FilterType> properties;
    private readonly IReadOnlyList<FilterToken> tokens;
    private int next;
    private int depth;

    public FilterParser(string text, IReadOnlyDictionary<string, FilterType> properties)
    {
        ArgumentNullException.ThrowIfNull(text);
        this.text = text;
        this.properties = properties;
        try
        {
            tokens = FilterLexer.Tokenize(text);
        }
        catch (FilterSyntaxException lexical)
        {
            throw Error(lexical.Message, lexical.Position);
        }
    }

    public FilterNode ParseFilter()
    {
        if (Current.Kind == FilterTokenKind.End)
        {
            throw new FilterSyntaxException(Located("the filter is empty; write a condition such as nodeCount > 1", 0), 0);
        }

        var root = ParseOr();
        if (Current.Kind != FilterTokenKind.End)
        {
            throw Error($"unexpected {Describe(Current)} after a complete condition", Current);
        }

        RequireBoolean(root, "the filter");
        return root;
    }

    private FilterToken Current => tokens[next];

    private FilterNode ParseOr()
    {
        var left = ParseAnd();
        while (IsKeyword("OR"))
        {
            var token = Advance();
            var right = ParseAnd();
            RequireBoolean(left, "OR");
            RequireBoolean(right, "OR");
            left = new FilterLogical(false, left, right, token.Position);
        }

        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParseNot();
        while (IsKeyword("AND"))
        {
            var token = Advance();
            var right = ParseNot();
            RequireBoolean(left, "AND");
            RequireBoolean(right, "AND");
            left = new FilterLogical(true, left, right, token.Position);
        }

        return left;
    }

    private FilterNode ParseNot()
    {
        if (!IsKeyword("NOT"))
        {
            return ParseComparison();
        }

        var token = Advance();
        Enter(token);
        var operand = ParseNot();
        depth--;
        RequireBoolean(operand, "NOT");
        return new FilterNot(operand, token.Position);
    }

    private FilterNode ParseComparison()
    {
        var left = ParseAdditive();
        if (Current.Kind == FilterTokenKind.Operator && Current.Text is "=" or "<>" or "<" or ">" or "<=" or ">=")
        {
            var token = Advance();
            var right = ParseAdditive();
            CheckComparable(token, left, right);
            return new FilterComparison(token.Text, left, right, token.Position);
        }

        var negated = false;
        if (IsKeyword("NOT") && next + 1 < tokens.Count && tokens[next + 1].Kind == FilterTokenKind.Keyword && tokens[next + 1].Text is "LIKE" or "IN" or "BETWEEN")
        {
            Advance();
            negated = true;
        }

        if (IsKeyword("LIKE"))
        {
            return ParseLike(left, negated, Advance());
        }

        if (IsKeyword("IN"))
        {
            return ParseIn(left, negated, Advance());
        }

        if (IsKeyword("BETWEEN"))
        {
            var token = Advance();
            var low = ParseAdditive();
            Expect("AND", "between the bounds of BETWEEN");
            var high = ParseAdditive();
            foreach (var (node, role) in new[] { (left, "the value"), (low, "the lower bound"), (high, "the upper bound") })
            {
                if (node.Type is not (FilterType.Number or FilterType.Null))
                {
                    throw Error($"BETWEEN compares numbers, but {role} is a {Name(node.Type)}", node.Position);
                }
            }

            return new FilterBetween(left, low, high, negated, token.Position);
        }

        if (IsKeyword("IS"))
        {
            var token = Advance();
            var isNot = false;
            if (IsKeyword("NOT"))
            {
                Advance();
                isNot = true;
            }

            Expect("NULL", "after IS [NOT]");
            return new FilterIsNull(left, isNot, token.Position);
        }

        return left;
    }

    private FilterLike ParseLike(FilterNode operand, bool negated, FilterToken like)
    {
        if (operand.Type is not (FilterType.String or FilterType.Null))
        {
            throw Error($"LIKE matches strings, but the value before it is a {Name(operand.Type)}", operand.Position);
        }

        if (Current.Kind != FilterTokenKind.String)
        {
            throw Error($"LIKE needs a pattern in single quotes, not {Describe(Current)}", Current);
        }

        var pattern = Advance();
        char? escape = null;
        if (IsKeyword("ESCAPE"))
        {
            Advance();
            if (Current.Kind != FilterTokenKind.String || Current.Text.Length != 1)
            {
                throw Error($"ESCAPE needs one character in single quotes, not {Describe(Current)}", Current);
            }

            escape = Advance().Text[0];
        }

        return new FilterLike(operand, CompileLike(pattern, escape), negated, like.Position);
    }

    private FilterIn ParseIn(FilterNode operand, bool negated, FilterToken inToken)
    {
        if (operand.Type is not (FilterType.String or FilterType.Number or FilterType.Null))
        {
            throw Error($"IN compares strings or numbers, but the value before it is a {Name(operand.Type)}", operand.Position);
        }

        if (Current.Kind != FilterTokenKind.OpenParenthesis)
        {
            throw Error($"IN needs a list in parentheses, such as ('a', 'b'), not {Describe(Current)}", Current);
        }

        Advance();
        var values = new List<object>();
        while (true)
        {
            var item = Current;
            var negative = false;
            if (item.Kind == FilterTokenKind.Operator && item.Text == "-" && tokens[next + 1].Kind == FilterTokenKind.Number)
            {
                Advance();
                negative = true;
                item = Current;
            }

            object value = item.Kind switch
            {
                FilterTokenKind.String => item.Text,
                FilterTokenKind.Number => (negative ? -1 : 1) * double.Parse(item.Text, NumberStyles.Float, CultureInfo.InvariantCulture),
                _ => throw Error($"an IN list holds string or number literals, not {Describe(item)}", item),
            };
            var itemType = item.Kind == FilterTokenKind.String ? FilterType.String : FilterType.Number;
            if (operand.Type != FilterType.Null && itemType != operand.Type)
            {
                throw Error($"the IN list mixes types: {Describe(item)} is a {Name(itemType)}, the value before IN a {Name(operand.Type)}", item);
            }

            Advance();
            values.Add(value);
            if (Current.Kind == FilterTokenKind.Comma)
            {
                Advance();
                continue;
            }

            if (Current.Kind == FilterTokenKind.CloseParenthesis)
            {
                Advance();
                return new FilterIn(operand, values, negated, inToken.Position);
            }

            throw Error($"expected ',' or ')' in the IN list, not {Describe(Current)}", Current);
        }
    }

    private FilterNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind == FilterTokenKind.Operator && Current.Text is "+" or "-")
        {
            var token = Advance();
            var right = ParseMultiplicative();
            left = Arithmetic(token, left, right);
        }

        return left;
    }

    private FilterNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Kind == FilterTokenKind.Operator && Current.Text is "*" or "/")
        {
            var token = Advance();
            var right = ParseUnary();
            left = Arithmetic(token, left, right);
        }

        return left;
    }

    private FilterNode ParseUnary()
    {
        if (Current.Kind == FilterTokenKind.Operator && Current.Text is "+" or "-")
        {
            var token = Advance();
            Enter(token);
            var operand = ParseUnary();
            depth--;
            if (operand.Type is not (FilterType.Number or FilterType.Null))
            {
                throw Error($"'{token.Text}' needs a number, but {Describe(operand)} is a {Name(operand.Type)}", operand.Position);
            }

            return token.Text == "-" ? new FilterNegate(operand, token.Position) : operand;
        }

        return ParsePrimary();
    }

    private FilterNode ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case FilterTokenKind.Number:
                Advance();
                return new FilterLiteral(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture), FilterType.Number, token.Position);
            case FilterTokenKind.String:
                Advance();
                return new FilterLiteral(token.Text, FilterType.String, token.Position);
            case FilterTokenKind.Keyword when token.Text is "TRUE" or "FALSE":
                Advance();
                return new FilterLiteral(token.Text == "TRUE", FilterType.Boolean, token.Position);
            case FilterTokenKind.Keyword when token.Text == "NULL":
                Advance();
                return new FilterLiteral(null, FilterType.Null, token.Position);
            case FilterTokenKind.Identifier:
                Advance();
                return properties.TryGetValue(token.Text, out var type)
                    ? new FilterProperty(token.Text, type, token.Position)
                    : throw Error($"'{token.Text}' is not a property a filter can read; use one of {string.Join(", ", properties.Keys)}", token);
            case FilterTokenKind.OpenParenthesis:
                Advance();
                Enter(token);
                var inner = ParseOr();
                depth--;
                if (Current.Kind != FilterTokenKind.CloseParenthesis)
                {
                    throw Error($"expected ')' to close the '(' at position {token.Position + 1}, not {Describe(Current)}", Current);
                }

                Advance();
                return inner;
            default:
                throw Error(token.Kind == FilterTokenKind.End ? "the filter ends where a value was expected" : $"expected a value, not {Describe(token)}", token);
        }
    }

    private FilterArithmetic Arithmetic(FilterToken token, FilterNode left, FilterNode right)
    {
        foreach (var operand in new[] { left, right })
        {
            if (operand.Type is not (FilterType.Number or FilterType.Null))
            {
                throw Error($"'{token.Text}' needs numbers, but {Describe(operand)} is a {Name(operand.Type)}", operand.Position);
            }
        }

        return new FilterArithmetic(token.Text[0], left, right, token.Position);
    }

    private void CheckComparable(FilterToken token, FilterNode left, FilterNode right)
    {
        if (left.Type == FilterType.Null || right.Type == FilterType.Null)
        {
            return;
        }

        if (left.Type != right.Type)
        {
            throw Error($"'{token.Text}' compares a {Name(left.Type)} with a {Name(right.Type)}; both sides must have the same type", token);
        }

        if (left.Type != FilterType.Number && token.Text is not ("=" or "<>"))
        {
            throw Error($"{Name(left.Type)}s compare only with = and <>, not '{token.Text}'", token);
        }
    }

    private void RequireBoolean(FilterNode node, string where)
    {
        if (node.Type is not (FilterType.Boolean or FilterType.Null))
        {
            throw Error($"{where} needs a condition, but {Describe(node)} is a {Name(node.Type)}", node.Position);
        }
    }

    private Regex CompileLike(FilterToken pattern, char? escape)
    {
        var regex = new StringBuilder("\\A");
        var value = pattern.Text;
        for (var index = 0; index < value.Length; index++)
        {
            var character = value[index];
            if (escape is { } escapeCharacter && character == escapeCharacter)
            {
                if (index + 1 >= value.Length)
                {
                    throw Error($"the pattern ends with its escape character '{escapeCharacter}'", pattern);
                }

                regex.Append(Regex.Escape(value[++index].ToString()));
            }
            else
            {
                regex.Append(character switch
                {
                    '%' => ".*",
                    '_' => ".",
                    _ => Regex.Escape(character.ToString()),
                });
            }
        }

        regex.Append("\\z");
        return new Regex(regex.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, LikeTimeout);
    }

    private void Enter(FilterToken token)
    {
        if (++depth > MaxDepth)
        {
            throw Error($"the filter nests deeper than {MaxDepth} levels", token);
        }
    }

    private bool IsKeyword(string keyword) => Current.Kind == FilterTokenKind.Keyword && Current.Text == keyword;

    private FilterToken Advance() => tokens[next++];

    private void Expect(string keyword, string where)
    {
        if (!IsKeyword(keyword))
        {
            throw Error($"expected {keyword} {where}, not {Describe(Current)}", Current);
        }

        Advance();
    }

    private FilterSyntaxException Error(string message, FilterToken token) => Error(message, token.Position);

    private FilterSyntaxException Error(string message, int position) => new(Located(message, position), position);

    private string Located(string message, int position)
    {
        var start = Math.Max(0, position - 10);
        var excerpt = text.Substring(start, Math.Min(30, text.Length - start));
        return $"{message} at position {position + 1}" + (excerpt.Length > 0 ? $" (near \"{excerpt}\")" : "");
    }

    private static string Describe(FilterToken token) => token.Kind switch
    {
        FilterTokenKind.End => "the end of the filter",
        FilterTokenKind.String => $"the string '{token.Text}'",
        FilterTokenKind.Number => $"the number {token.Text}",
        _ => $"'{token.Text}'",
    };

    private static string Describe(FilterNode node) => node switch
    {
        FilterProperty property => $"{property.Name}",
        FilterLiteral { Value: string value } => $"'{value}'",
        FilterLiteral literal => $"{Convert.ToString(literal.Value, CultureInfo.InvariantCulture)}",
        _ => "the expression",
    };

    private static string Name(FilterType type) => type switch
    {
        FilterType.Boolean => "boolean",
        FilterType.Number => "number",
        FilterType.String => "string",
        _ => "NULL",
    };
}
