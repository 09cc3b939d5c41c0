using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// The end of a piece of <see cref="JobWork"/> started while the job was in <see cref="During"/>; an answer for a status
/// the job has left since (a cancel came first) changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("aloe.work-ended")]
public abstract record WorkEnded([property: Id(0)] JobStatus During) : LifecycleEvent;
