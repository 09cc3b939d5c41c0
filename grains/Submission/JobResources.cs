namespace AloeOrleans.Grains.Submission;

/// <summary>What a job asks of a node and a queue, after app defaults and unit normalisation.</summary>
internal sealed record JobResources(int NodeCount, int ProcessorsOnEachNode, double MemoryPerNodeGb, double MaxHours);
