namespace AloeOrleans.Grains.Submission;

/// <summary>One broken rule of a submission: the field (JSON path, e.g. <c>parameters.mode</c>) and a sentence saying what is wrong and how to fix it.</summary>
public sealed record SubmissionError(string Field, string Message);
