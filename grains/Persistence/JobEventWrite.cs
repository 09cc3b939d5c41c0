namespace AloeOrleans.Grains.Persistence;

/// <summary>A history event to append with a job write: the event name (a status, or e.g. STAGING_PROGRESS), and its text.</summary>
public sealed record JobEventWrite(string Event, string Description, string CreatedBy = "aloe-jobs");
