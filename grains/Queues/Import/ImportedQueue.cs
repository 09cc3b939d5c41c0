using AloeOrleans.GrainInterfaces.Queues;

namespace AloeOrleans.Grains.Queues.Import;

/// <summary>A queue definition read from a file, with the file it came from (for the errors and the report).</summary>
public sealed record ImportedQueue(string File, QueueDefinition Definition);
