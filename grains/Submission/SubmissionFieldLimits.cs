namespace AloeOrleans.Grains.Submission;

/// <summary>
/// Maximum lengths of the submission's string fields, exactly as Aloe's documented submission parameters give them
/// (docs/api.md, "Body"). Lengths count Unicode characters (code points), as PostgreSQL's <c>varchar(n)</c> does.
/// </summary>
public static class SubmissionFieldLimits
{
    public const int AppId = 64;
    public const int Name = 64;
    public const int ArchivePath = 255;
    public const int ArchiveSystem = 64;
    public const int BatchQueue = 255;
    public const int MemoryPerNode = 32;
    public const int MaxRunTime = 20;
    public const int NotificationEvent = 32;
    public const int NotificationUrl = 1024;

    /// <summary>
    /// Not in Aloe's table (inputs are an object there). Decision: one input value is a path or URI, so it gets the
    /// same bound as a notification URL; anything longer is not a location a transfer could use.
    /// </summary>
    public const int InputValue = 1024;
}
