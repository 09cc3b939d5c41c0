using System.Text.RegularExpressions;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// An app's <c>validator</c> regex. It must match the whole value, as Java's <c>String.matches</c> did in Agave.
/// A time limit keeps a catastrophic pattern (written by an app owner, fed by any user) from stalling a silo.
/// </summary>
internal static class AppPattern
{
    public static AppPatternVerdict Check(string pattern, string value, TimeSpan matchTimeout)
    {
        try
        {
            // The pattern is parsed alone first: wrapped, a pattern such as "a)(b" would parse and mean something else.
            // The static Regex methods cache parsed patterns, so repeated submissions do not re-parse them.
            _ = Regex.IsMatch("", pattern, RegexOptions.CultureInvariant, matchTimeout);
            return Regex.IsMatch(value, $@"\A(?:{pattern})\z", RegexOptions.CultureInvariant, matchTimeout)
                ? AppPatternVerdict.Matches
                : AppPatternVerdict.DoesNotMatch;
        }
        catch (RegexMatchTimeoutException)
        {
            return AppPatternVerdict.TimedOut;
        }
        catch (ArgumentException)
        {
            return AppPatternVerdict.InvalidPattern;
        }
    }
}
