namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>The result of a job action: its outcome, the job afterwards when there is one, and a human message.</summary>
[GenerateSerializer, Immutable]
[Alias("aloe.ActionResult")]
public sealed record ActionResult(
    [property: Id(0)] ActionOutcome Outcome,
    [property: Id(1)] JobRecord? Job,
    [property: Id(2)] string Message);
