namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>The answer to a submission: the job as far as known at acceptance, or why nothing was stored.</summary>
[GenerateSerializer, Immutable]
[Alias("aloe.AcceptResult")]
public sealed record AcceptResult(
    [property: Id(0)] AcceptOutcome Outcome,
    [property: Id(1)] JobRecord? Job,
    [property: Id(2)] string? Message);
