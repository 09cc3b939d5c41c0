using System.Globalization;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The one byte range of a <c>Range</c> header a download serves (RFC 9110 §14; docs/api.md, "Job outputs"):
/// <c>bytes=first-last</c>, <c>bytes=first-</c> or <c>bytes=-suffix</c>, bounded by the file's length. A header that is
/// absent, malformed, of another unit or with several ranges is ignored (the whole file, 200), as the RFC allows; a
/// well-formed range wholly past the end is unsatisfiable (416). Pure.
/// </summary>
public sealed record ByteRange(ByteRangeKind Kind, long First = 0, long Last = -1)
{
    public static readonly ByteRange Whole = new(ByteRangeKind.Whole);
    public static readonly ByteRange Unsatisfiable = new(ByteRangeKind.Unsatisfiable);

    /// <summary>Bytes served: the whole file, or Last - First + 1.</summary>
    public long Count(long length) => Kind == ByteRangeKind.Partial ? Last - First + 1 : length;

    public static ByteRange Parse(string? header, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (string.IsNullOrWhiteSpace(header))
        {
            return Whole;
        }

        var text = header.Trim();
        const string Unit = "bytes=";
        if (!text.StartsWith(Unit, StringComparison.OrdinalIgnoreCase))
        {
            return Whole;
        }

        var spec = text[Unit.Length..].Trim();
        if (spec.Contains(',', StringComparison.Ordinal))
        {
            return Whole;
        }

        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return Whole;
        }

        var firstText = spec[..dash].Trim();
        var lastText = spec[(dash + 1)..].Trim();
        if (firstText.Length == 0)
        {
            // A suffix: the last n bytes. "-0" asks for nothing, which no file can give.
            if (!TryDigits(lastText, out var suffix))
            {
                return Whole;
            }

            return suffix == 0 || length == 0 ? Unsatisfiable : new ByteRange(ByteRangeKind.Partial, Math.Max(0, length - suffix), length - 1);
        }

        if (!TryDigits(firstText, out var first))
        {
            return Whole;
        }

        long last;
        if (lastText.Length == 0)
        {
            last = long.MaxValue;
        }
        else if (!TryDigits(lastText, out last) || last < first)
        {
            return Whole;
        }

        return first >= length ? Unsatisfiable : new ByteRange(ByteRangeKind.Partial, first, Math.Min(last, length - 1));
    }

    /// <summary>Digits only (no sign, no spaces inside), within a long: a header asking for more is treated as malformed.</summary>
    private static bool TryDigits(string text, out long value)
    {
        value = 0;
        return text.Length > 0 && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
