namespace AloeOrleans.Grains.Submission;

/// <summary>A staged input name that breaks a rule of <see cref="StagedInputNames"/>: the file, and the rule in words.</summary>
public sealed record StagedNameProblem(StagedInputFile File, string Rule);
