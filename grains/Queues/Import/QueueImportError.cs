namespace AloeOrleans.Grains.Queues.Import;

/// <summary>One rule an import broke: the file (or the command line), the queue when one is concerned, and the rule.</summary>
public sealed record QueueImportError(string File, string? Queue, string Rule)
{
    public override string ToString() => Queue is null ? $"{File}: {Rule}" : $"{File}: queue {Queue}: {Rule}";
}
