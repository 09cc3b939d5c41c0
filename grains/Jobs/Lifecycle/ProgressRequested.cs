namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>Something asks the job to go on from where it is: acceptance, a worker slot, a resume, the reminder, a step done.</summary>
[GenerateSerializer, Immutable, Alias("aloe.progress-requested")]
public sealed record ProgressRequested : LifecycleEvent;
