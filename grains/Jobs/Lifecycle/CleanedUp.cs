using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// CLEANING_UP found what the outcome needs: <see cref="FinalStatus"/>, the remote job's last status when monitoring
/// fixed no outcome (null otherwise), and whether the app archives after a failure.
/// </summary>
[GenerateSerializer, Immutable, Alias("aloe.cleaned-up")]
public sealed record CleanedUp(
    [property: Id(0)] RemoteJobStatus? FinalStatus,
    [property: Id(1)] bool ArchiveOnAppError) : WorkEnded(JobStatus.CLEANING_UP);
