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

    [GeneratedRegex(@"\A(?<hours>[0-9]{1,14}):(?<minutes>[0-5][0-9]):(?<seconds>[0-5][0-9])\z", RegexOptions.CultureInvariant)]
    private static partial Regex HoursMinutesSeconds();
}
