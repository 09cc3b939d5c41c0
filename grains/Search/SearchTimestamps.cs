using System.Globalization;
using System.Text.RegularExpressions;

namespace AloeOrleans.Grains.Search;

/// <summary>
/// Reads a date value of a search: the span of time it names, <c>until</c> excluded. ISO 8601 with a time names that
/// second (no offset means UTC); a date alone (<c>2026-11-28</c>) that whole day in UTC; digits alone epoch seconds.
/// A <c>+</c> of an offset that arrived as a space (an unencoded <c>+</c> in a query string) is read as <c>+</c>.
/// </summary>
public static partial class SearchTimestamps
{
    public static bool TryParse(string text, out DateTimeOffset from, out DateTimeOffset until)
    {
        from = until = default;
        if (EpochSeconds().IsMatch(text))
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
                || seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds >= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                return false;
            }

            from = DateTimeOffset.FromUnixTimeSeconds(seconds);
            until = from.AddSeconds(1);
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            until = day == DateOnly.MaxValue ? DateTimeOffset.MaxValue : from.AddDays(1);
            return true;
        }

        var iso = SpaceBeforeOffset().Replace(text, "$1+$2");
        if (!IsoDateTime().IsMatch(iso)
            || !DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return false;
        }

        from = new DateTimeOffset(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        until = from.AddSeconds(1);
        return true;
    }

    [GeneratedRegex(@"\A-?[0-9]{1,12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EpochSeconds();

    [GeneratedRegex(@"\A[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IsoDateTime();

    [GeneratedRegex(@"\A(.+[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,7})?)?) ([0-9]{2}(?::?[0-9]{2})?)\z", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceBeforeOffset();
}
