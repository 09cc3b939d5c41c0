namespace AloeOrleans.Tests.Infrastructure;

/// <summary>
/// Grain state for the storage round-trip tests. The initializers are deliberately NOT the type defaults: a
/// serializer that skips default values would bring these back instead of the 0/false/""/null that was stored.
/// </summary>
[GenerateSerializer, Alias("aloe.test.ProbeState")]
public sealed class ProbeState
{
    [Id(0)] public int Count { get; set; } = 4;
    [Id(1)] public bool Flag { get; set; } = true;
    [Id(2)] public string Text { get; set; } = "initial";
    [Id(3)] public string? Note { get; set; } = "initial";
    [Id(4)] public long Big { get; set; } = 7;
    [Id(5)] public DateTimeOffset? When { get; set; }
    [Id(6)] public List<string> Items { get; set; } = ["initial"];
}
