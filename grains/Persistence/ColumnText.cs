using System.Text;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// Makes any text storable in a <c>varchar(n)</c> column of the job tables, so that no message (a remote server's
/// reason phrase, a tool's error output) can make a status write fail: PostgreSQL refuses U+0000 and the strict UTF-8
/// encoding refuses unpaired surrogates, so both become U+FFFD; text longer than the column is cut at a character
/// boundary (never inside a surrogate pair) and ends with <see cref="CutMarker"/>. Pure.
/// </summary>
public static class ColumnText
{
    /// <summary>Ends every text that was cut to fit.</summary>
    public const string CutMarker = " [truncated]";

    private const char Replacement = '\uFFFD';

    /// <summary>
    /// <paramref name="value"/> as it can be stored in a column of <paramref name="maxLength"/> characters. Length is
    /// counted in UTF-16 code units, which is never less than PostgreSQL's count of characters.
    /// </summary>
    public static string Fit(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxLength, CutMarker.Length);
        var storable = ReplaceUnstorable(value);
        if (storable.Length <= maxLength)
        {
            return storable;
        }

        var keep = maxLength - CutMarker.Length;
        if (char.IsHighSurrogate(storable[keep - 1]))
        {
            keep--;
        }

        return string.Concat(storable.AsSpan(0, keep), CutMarker);
    }

    private static string ReplaceUnstorable(string value)
    {
        if (value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0 && !value.Contains('\0', StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var current = value[i];
            if (char.IsHighSurrogate(current) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(current).Append(value[++i]);
            }
            else
            {
                builder.Append(current == '\0' || char.IsSurrogate(current) ? Replacement : current);
            }
        }

        return builder.ToString();
    }
}
