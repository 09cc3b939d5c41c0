using AloeOrleans.Grains.Staging;

namespace AloeOrleans.Grains.Submission;

/// <summary>One value of a job's input and the name of the file (or folder) it becomes in the work dir.</summary>
public sealed record StagedInputFile(string InputId, InputSource Source, string FileName);
