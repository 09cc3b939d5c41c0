namespace AloeOrleans.Grains.Submission;

/// <summary>
/// The validator time one request may spend (<see cref="SubmissionLimits.ValidatorTimeBudget"/>): every app validator
/// regex it runs is timed and added up; once the sum reaches the limit no further validator runs, and the request is
/// refused with <see cref="Refusal"/>. One regex evaluation is also stopped at <see cref="MatchTimeout"/>, so a
/// request never takes much longer than its budget, however many values it carries.
/// </summary>
internal sealed class ValidationBudget(TimeSpan limit, TimeProvider clock)
{
    /// <summary>The longest a single evaluation may take, whatever the budget (it guards one value, not the request).</summary>
    public static readonly TimeSpan LongestMatch = TimeSpan.FromMilliseconds(200);

    private TimeSpan spent;

    public TimeSpan Limit => limit;

    public TimeSpan MatchTimeout => limit < LongestMatch ? limit : LongestMatch;

    /// <summary>Validator evaluations run so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>The first field whose value was not checked because the budget was spent; null while it lasts.</summary>
    public string? FirstUncheckedField { get; private set; }

    /// <summary>
    /// Checks <paramref name="value"/> against <paramref name="pattern"/>, or returns null without checking once the
    /// budget is spent.
    /// </summary>
    public AppPatternVerdict? Evaluate(string field, string pattern, string value)
    {
        if (spent >= limit)
        {
            FirstUncheckedField ??= field;
            return null;
        }

        var started = clock.GetTimestamp();
        try
        {
            return AppPattern.Check(pattern, value, MatchTimeout);
        }
        finally
        {
            spent += clock.GetElapsedTime(started);
            Evaluations++;
        }
    }

    /// <summary>The error that refuses the request when the budget ran out before every value was checked.</summary>
    public SubmissionError? Refusal => FirstUncheckedField is { } stoppedAt
        ? new SubmissionError(stoppedAt,
            $"{stoppedAt}: not checked: the app's validators used up this request's validation budget ({Describe(limit)}) after " +
            $"{Evaluations} value{(Evaluations == 1 ? "" : "s")}; send fewer values, or ask the app's owner for simpler validators")
        : null;

    private static string Describe(TimeSpan time) =>
        time.TotalSeconds >= 1
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{time.TotalSeconds:0.###} s of validator time")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0} ms of validator time");
}
