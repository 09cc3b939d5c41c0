using System.Globalization;

namespace AloeOrleans.Grains.Queues.Filters;

/// <summary>
/// Splits a filter into tokens (docs/queues.md, "Queue filters"): identifiers, keywords (any case), string literals in
/// single quotes (<c>''</c> is a quote), numbers (<c>12</c>, <c>1.5</c>, <c>.5</c>, <c>1e3</c>), operators and
/// punctuation. Pure.
/// </summary>
public static class FilterLexer
{
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "AND", "OR", "NOT", "LIKE", "ESCAPE", "IN", "BETWEEN", "IS", "NULL", "TRUE", "FALSE",
    };

    /// <exception cref="FilterSyntaxException">A character that starts no token, or an unterminated string.</exception>
    public static IReadOnlyList<FilterToken> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<FilterToken>();
        var index = 0;
        while (index < text.Length)
        {
            var character = text[index];
            if (char.IsWhiteSpace(character))
            {
                index++;
            }
            else if (character == '\'')
            {
                tokens.Add(ReadString(text, ref index));
            }
            else if (char.IsAsciiDigit(character) || (character == '.' && index + 1 < text.Length && char.IsAsciiDigit(text[index + 1])))
            {
                tokens.Add(ReadNumber(text, ref index));
            }
            else if (char.IsAsciiLetter(character) || character == '_' || character == '$')
            {
                var start = index;
                while (index < text.Length && (char.IsAsciiLetterOrDigit(text[index]) || text[index] is '_' or '$'))
                {
                    index++;
                }

                var word = text[start..index];
                var upper = word.ToUpperInvariant();
                tokens.Add(Keywords.Contains(upper)
                    ? new FilterToken(FilterTokenKind.Keyword, upper, start)
                    : new FilterToken(FilterTokenKind.Identifier, word, start));
            }
            else
            {
                tokens.Add(ReadPunctuation(text, ref index));
            }
        }

        tokens.Add(new FilterToken(FilterTokenKind.End, "", text.Length));
        return tokens;
    }

    private static FilterToken ReadString(string text, ref int index)
    {
        var start = index;
        var value = new System.Text.StringBuilder();
        index++;
        while (true)
        {
            if (index >= text.Length)
            {
                throw new FilterSyntaxException("the string that starts here has no closing quote (')", start);
            }

            if (text[index] == '\'')
            {
                if (index + 1 < text.Length && text[index + 1] == '\'')
                {
                    value.Append('\'');
                    index += 2;
                    continue;
                }

                index++;
                return new FilterToken(FilterTokenKind.String, value.ToString(), start);
            }

            value.Append(text[index]);
            index++;
        }
    }

    private static FilterToken ReadNumber(string text, ref int index)
    {
        var start = index;
        while (index < text.Length && char.IsAsciiDigit(text[index]))
        {
            index++;
        }

        if (index < text.Length && text[index] == '.')
        {
            index++;
            while (index < text.Length && char.IsAsciiDigit(text[index]))
            {
                index++;
            }
        }

        if (index < text.Length && text[index] is 'e' or 'E')
        {
            var exponent = index + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent < text.Length && char.IsAsciiDigit(text[exponent]))
            {
                index = exponent;
                while (index < text.Length && char.IsAsciiDigit(text[index]))
                {
                    index++;
                }
            }
        }

        if (index < text.Length && (char.IsAsciiLetter(text[index]) || text[index] == '_'))
        {
            throw new FilterSyntaxException($"'{text[start..(index + 1)]}' is not a number", start);
        }

        var number = text[start..index];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsInfinity(value))
        {
            throw new FilterSyntaxException($"'{number}' is not a number this filter can hold", start);
        }

        return new FilterToken(FilterTokenKind.Number, number, start);
    }

    private static FilterToken ReadPunctuation(string text, ref int index)
    {
        var start = index;
        var character = text[index];
        var next = index + 1 < text.Length ? text[index + 1] : '\0';
        (FilterTokenKind Kind, string Text) token = character switch
        {
            '(' => (FilterTokenKind.OpenParenthesis, "("),
            ')' => (FilterTokenKind.CloseParenthesis, ")"),
            ',' => (FilterTokenKind.Comma, ","),
            '=' => (FilterTokenKind.Operator, "="),
            '<' when next == '>' => (FilterTokenKind.Operator, "<>"),
            '<' when next == '=' => (FilterTokenKind.Operator, "<="),
            '>' when next == '=' => (FilterTokenKind.Operator, ">="),
            '<' => (FilterTokenKind.Operator, "<"),
            '>' => (FilterTokenKind.Operator, ">"),
            '+' or '-' or '*' or '/' => (FilterTokenKind.Operator, character.ToString()),
            _ => throw new FilterSyntaxException(
                $"'{(char.IsControl(character) ? $"\\u{(int)character:x4}" : character.ToString())}' is not part of the filter language", start),
        };
        index += token.Text.Length;
        return new FilterToken(token.Kind, token.Text, start);
    }
}
