using System.Globalization;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// The <c>[num][unit]</c> memory form of <c>memoryPerNode</c> (docs/api.md, "Body"): a decimal number, then optionally
/// KB, MB, GB or TB in any letter case, GB when absent. Decision: units are binary (1 GB = 1024 MB), as schedulers such
/// as Slurm count them, so <c>200MB</c> is 0.1953125 GB and a queue limit of 1 GB admits exactly <c>1024MB</c>.
/// </summary>
public static class MemorySize
{
    private static readonly (string Unit, double Gb)[] Units =
    [
        ("KB", 1.0 / (1024 * 1024)),
        ("MB", 1.0 / 1024),
        ("GB", 1.0),
        ("TB", 1024.0),
    ];

    /// <summary>
    /// Parses <paramref name="text"/> to gigabytes. On failure <paramref name="error"/> says why (without a field
    /// name, so callers can prefix their own); on success it is empty.
    /// </summary>
    public static bool TryParseGb(string text, out double gb, out string error)
    {
        gb = 0;
        var trimmed = text.Trim();
        var (number, factor) = SplitUnit(trimmed);

        // Only plain decimals: no sign, exponent, thousands separator or "Infinity", so what a user wrote is what
        // they get.
        if (number.Length == 0 || !IsPlainDecimal(number)
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            error = $"must be [number][unit] with unit KB, MB, GB or TB (default GB), e.g. 200MB, 1.5GB or 5; got \"{text}\"";
            return false;
        }

        gb = value * factor;
        if (gb <= 0 || double.IsInfinity(gb))
        {
            gb = 0;
            error = $"must be greater than zero and finite; got \"{text}\"";
            return false;
        }

        error = "";
        return true;
    }

    private static (string Number, double Factor) SplitUnit(string text)
    {
        foreach (var (unit, factor) in Units)
        {
            if (text.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                return (text[..^unit.Length].TrimEnd(), factor);
            }
        }

        return (text, 1.0);
    }

    private static bool IsPlainDecimal(string number) =>
        number.All(character => char.IsAsciiDigit(character) || character == '.')
        && number.Count(character => character == '.') <= 1
        && number.Any(char.IsAsciiDigit);
}
