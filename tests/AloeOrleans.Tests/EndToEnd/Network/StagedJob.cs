namespace AloeOrleans.Tests.EndToEnd.Network;

/// <summary>How a job of the network tests ended: its final status, its last message, how long it took from submission.</summary>
public sealed record StagedJob(string Id, string Status, string Message, TimeSpan Elapsed);
