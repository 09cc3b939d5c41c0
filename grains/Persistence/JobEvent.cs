namespace AloeOrleans.Grains.Persistence;

/// <summary>One history event of a job (<c>aloe_job_events</c>), oldest first by <see cref="Id"/>.</summary>
public sealed record JobEvent(long Id, Guid JobUuid, string Status, DateTimeOffset Created, string CreatedBy, string Description);
