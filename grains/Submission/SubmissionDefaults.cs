namespace AloeOrleans.Grains.Submission;

/// <summary>
/// What a job gets when neither the request nor the app says. Decision: explicit small values rather than "unset",
/// because an unset memory reaching Slurm as <c>--mem=0</c> would mean "all the node's memory".
/// </summary>
public static class SubmissionDefaults
{
    public const int NodeCount = 1;
    public const int ProcessorsOnEachNode = 1;
    public const string MemoryPerNode = "1GB";
    public const string MaxRunTime = "01:00:00";

    /// <summary>Aloe archives unless told not to (docs/api.md, "Body").</summary>
    public const bool Archive = true;
}
