namespace AloeOrleans.Grains.Submission;

/// <summary>
/// The outcome of <see cref="SubmissionValidator.Validate"/>: either the submission ready to be accepted or every
/// rule it broke against the app, the systems and the queues.
/// </summary>
public sealed record SubmissionValidationResult
{
    private SubmissionValidationResult(ValidatedSubmission? submission, IReadOnlyList<SubmissionError> errors)
    {
        Submission = submission;
        Errors = errors;
    }

    /// <summary>The validated submission; null exactly when <see cref="Errors"/> is not empty.</summary>
    public ValidatedSubmission? Submission { get; }

    public IReadOnlyList<SubmissionError> Errors { get; }

    public bool IsValid => Submission is not null;

    public static SubmissionValidationResult Success(ValidatedSubmission submission) => new(submission, []);

    public static SubmissionValidationResult Failure(IReadOnlyList<SubmissionError> errors) =>
        errors.Count > 0
            ? new(null, errors)
            : throw new ArgumentException("A failed validation must carry at least one error.", nameof(errors));
}
