using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// Applies an app's validator regex to one value, within the request's <see cref="ValidationBudget"/>, and words the
/// error for the user (or for the app's owner). Once the budget is spent nothing is checked; the validator reports
/// that once for the whole request.
/// </summary>
internal static class AppValidatorRule
{
    public static void Check(AppDefinition app, string field, string? pattern, string value, ValidationBudget budget, List<SubmissionError> errors)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return;
        }

        var message = budget.Evaluate(field, pattern, value) switch
        {
            null or AppPatternVerdict.Matches => null,
            AppPatternVerdict.DoesNotMatch => $"{field}: \"{JsonValueDescription.Shorten(value)}\" does not match the app's validator /{pattern}/",
            AppPatternVerdict.TimedOut => $"{field}: \"{JsonValueDescription.Shorten(value)}\" could not be checked against the app's validator /{pattern}/ in time; use a shorter or simpler value",
            _ => $"{field}: app {app.Id} is misconfigured: its validator /{pattern}/ is not a valid regular expression; ask the app's owner to fix it",
        };

        if (message is not null)
        {
            errors.Add(new SubmissionError(field, message));
        }
    }
}
