namespace AloeOrleans.GrainInterfaces.Queues;

/// <summary>What a tenant queue holds right now: backlog (ACCEPTED and PENDING) and jobs in active processing.</summary>
[GenerateSerializer, Immutable]
[Alias("aloe.QueueSnapshot")]
public sealed record QueueSnapshot(
    [property: Id(0)] string Name,
    [property: Id(1)] int Backlog,
    [property: Id(2)] int Active,
    [property: Id(3)] int Waiting,
    [property: Id(4)] int NumWorkers,
    [property: Id(5)] int MaxMessages);
