namespace AloeOrleans.Grains.Staging;

/// <summary>
/// Why an input transfer failed, in words for the job's history (the underlying cause included), and whether the same
/// transfer may succeed later (<see cref="InputStagingException.IsTransient"/>).
/// </summary>
public sealed record StagingFailure(string Reason, bool IsTransient)
{
    public static StagingFailure Transient(string reason) => new(reason, true);

    public static StagingFailure Permanent(string reason) => new(reason, false);
}
