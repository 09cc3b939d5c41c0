namespace AloeOrleans.Grains.Events;

/// <summary>
/// "The history of this job has new events" (docs/notifications.md, "The event stream"): a wake-up only. The events
/// themselves are read from <c>aloe_job_events</c>, so a lost or repeated signal loses or repeats nothing.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("aloe.JobEventSignal")]
public sealed record JobEventSignal([property: Id(0)] Guid JobUuid);
