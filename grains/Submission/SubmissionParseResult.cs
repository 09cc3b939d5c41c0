namespace AloeOrleans.Grains.Submission;

/// <summary>
/// The outcome of <see cref="SubmissionRequestParser.Parse"/>: either a structurally valid request or every rule
/// the body broke (never both, never neither), so the caller can answer 400 with all problems at once.
/// </summary>
public sealed record SubmissionParseResult
{
    private SubmissionParseResult(SubmissionRequest? request, IReadOnlyList<SubmissionError> errors)
    {
        Request = request;
        Errors = errors;
    }

    /// <summary>The parsed request; null exactly when <see cref="Errors"/> is not empty.</summary>
    public SubmissionRequest? Request { get; }

    public IReadOnlyList<SubmissionError> Errors { get; }

    public bool IsValid => Request is not null;

    public static SubmissionParseResult Success(SubmissionRequest request) => new(request, []);

    public static SubmissionParseResult Failure(IReadOnlyList<SubmissionError> errors) =>
        errors.Count > 0
            ? new(null, errors)
            : throw new ArgumentException("A failed parse must carry at least one error.", nameof(errors));
}
