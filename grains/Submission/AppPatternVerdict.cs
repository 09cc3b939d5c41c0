namespace AloeOrleans.Grains.Submission;

/// <summary>The result of checking a value against an app's validator regex.</summary>
internal enum AppPatternVerdict
{
    Matches,
    DoesNotMatch,

    /// <summary>The app's pattern does not parse: the app is misconfigured, not the request.</summary>
    InvalidPattern,

    /// <summary>The pattern took too long on this value; treated as not matching.</summary>
    TimedOut,
}
