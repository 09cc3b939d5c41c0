using System.Globalization;
using System.Text.RegularExpressions;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// The <c>HH:mm:ss</c> form of <c>maxRunTime</c> and of queue <c>maxRequestedTime</c>: hours may exceed 24 (and have
/// one or more digits), minutes and seconds are two digits 00-59, and the total must be above zero.
/// </summary>
public static partial class RunTime
{
    /// <summary>
    /// Parses <paramref name="text"/> to hours (H + M/60 + S/3600). On failure <paramref name="error"/> says why
    /// (without a field name); on success it is empty.
    /// </summary>
    public static bool TryParseHours(string text, out double hours, out string error)
    {
        hours = 0;
        var match = HoursMinutesSeconds().Match(text);
        if (!match.Success
            || !long.TryParse(match.Groups["hours"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var wholeHours))
        {
            error = $"must be HH:mm:ss (hours may exceed 24, minutes and seconds 00-59), e.g. 48:30:00; got \"{text}\"";
            return false;
        }

        var minutes = int.Parse(match.Groups["minutes"].Value, CultureInfo.InvariantCulture);
        var seconds = int.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture);
        hours = wholeHours + (minutes / 60.0) + (seconds / 3600.0);
        if (hours <= 0)
        {
            error = $"must be longer than 00:00:00; got \"{text}\"";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>
    /// The longest time a run time converts to (100 years): a stored <c>maxHours</c> of any size — a job accepted
    /// before a ceiling existed, a corrupted row — yields a usable limit instead of an overflow that would disable it.
    /// </summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(36_500);

    /// <summary>
    /// <paramref name="hours"/> as a time span, saturating: NaN and values at or below zero give zero, values beyond
    /// <see cref="Longest"/> give <see cref="Longest"/>. Every conversion of a job's <c>maxHours</c> goes through here.
    /// </summary>
    public static TimeSpan ToTimeSpan(double hours) =>
        double.IsNaN(hours) || hours <= 0 ? TimeSpan.Zero
        : hours >= Longest.TotalHours ? Longest
        : TimeSpan.FromHours(hours);

    /// <summary>The <c>HH:mm:ss</c> form of <paramref name="time"/> (hours may exceed 24; fractions of a second are dropped).</summary>
    public static string Format(TimeSpan time)
    {
        var wholeSeconds = (long)Math.Max(0, Math.Floor(time.TotalSeconds));
        return string.Create(CultureInfo.InvariantCulture, $"{wholeSeconds / 3600:00}:{wholeSeconds / 60 % 60:00}:{wholeSeconds % 60:00}");
    }

    [GeneratedRegex(@"\A(?<hours>[0-9]{1,14}):(?<minutes>[0-5][0-9]):(?<seconds>[0-5][0-9])\z", RegexOptions.CultureInvariant)]
    private static partial Regex HoursMinutesSeconds();
}
