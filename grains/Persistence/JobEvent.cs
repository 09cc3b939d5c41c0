namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// One history event of a job (<c>aloe_job_events</c>), oldest first by <see cref="Id"/>. <see cref="Status"/> is the
/// status the job entered, or the kind of an event that is no status change (<c>JobHistoryKinds</c>).
/// </summary>
public sealed record JobEvent(long Id, Guid JobUuid, string Status, DateTimeOffset Created, string CreatedBy, string Description);
