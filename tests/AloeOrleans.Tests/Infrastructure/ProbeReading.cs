namespace AloeOrleans.Tests.Infrastructure;

/// <summary>What a storage probe grain holds: its state and the storage metadata Orleans tracks for it.</summary>
[GenerateSerializer, Alias("aloe.test.ProbeReading")]
public sealed record ProbeReading(
    [property: Id(0)] ProbeState State,
    [property: Id(1)] bool RecordExists,
    [property: Id(2)] string? ETag);
