using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// A failure of a phase or a status check, classified once (<see cref="JobFailureClassifier"/>): transient when it has a
/// <see cref="Condition"/> that may clear, permanent otherwise. <see cref="Message"/> is for the job's history.
/// <see cref="Target"/> names what failed (a system's SSH host, a scheduler, an input's server) when the failure says,
/// so that the recovery test tries that again.
/// </summary>
[GenerateSerializer, Immutable, Alias("aloe.job-failure")]
public sealed record JobFailure(
    [property: Id(0)] RecoveryCondition? Condition,
    [property: Id(1)] string Message,
    [property: Id(2)] RecoveryTarget? Target = null)
{
    public bool IsTransient => Condition is not null;

    public static JobFailure Permanent(string message) => new(null, message);

    public static JobFailure Transient(RecoveryCondition condition, string message, RecoveryTarget? target = null) => new(condition, message, target);
}
