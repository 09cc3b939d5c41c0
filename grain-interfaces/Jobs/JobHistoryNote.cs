namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// A history event that is no status change (docs/api.md, "History"): its <see cref="Kind"/> (one of
/// <see cref="JobHistoryKinds"/>, shown as the item's <c>status</c>), a sentence saying what happened, and the user who
/// caused it. Appended with <see cref="IJobGrain.AddHistoryNoteAsync"/>.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("aloe.JobHistoryNote")]
public sealed record JobHistoryNote(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Description,
    [property: Id(2)] string CreatedBy);
