using System.Text;

namespace AloeOrleans.Grains.Search;

/// <summary>
/// A like/nlike pattern: <c>*</c> stands for any run of characters, everything else for itself. Matched without
/// regular expressions (no pattern can be slow: at most text × pattern steps), or turned into a SQL <c>LIKE</c>
/// pattern with <c>\</c> as the escape character.
/// </summary>
public static class WildcardPattern
{
    public static bool Matches(string text, string pattern, StringComparison comparison = StringComparison.Ordinal)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(pattern);
        var ignoreCase = comparison is StringComparison.OrdinalIgnoreCase;
        int t = 0, p = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && Same(pattern[p], text[t], ignoreCase))
            {
                t++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>The pattern for SQL <c>LIKE … ESCAPE '\'</c>: <c>%</c>, <c>_</c> and <c>\</c> escaped, <c>*</c> as <c>%</c>.</summary>
    public static string ToSqlLike(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var like = new StringBuilder(pattern.Length + 8);
        foreach (var c in pattern)
        {
            _ = c switch
            {
                '*' => like.Append('%'),
                '%' or '_' or '\\' => like.Append('\\').Append(c),
                _ => like.Append(c),
            };
        }

        return like.ToString();
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
