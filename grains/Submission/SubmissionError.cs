namespace AloeOrleans.Grains.Submission;

/// <summary>
/// One broken rule of a submission: the field (JSON path, e.g. <c>parameters.mode</c>) and a complete message for
/// the user that begins with that field and says what is wrong and how to fix it (<c>nodeCount: must be …</c>).
/// </summary>
public sealed record SubmissionError(string Field, string Message, SubmissionErrorKind Kind = SubmissionErrorKind.Invalid);
