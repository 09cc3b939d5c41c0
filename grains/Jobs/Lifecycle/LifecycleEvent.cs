namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>Something that happened to a job, for <see cref="JobLifecycle.Decide"/> to answer.</summary>
[GenerateSerializer, Immutable, Alias("aloe.lifecycle-event")]
public abstract record LifecycleEvent;
