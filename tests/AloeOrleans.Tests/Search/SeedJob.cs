namespace AloeOrleans.Tests.Search;

/// <summary>One job seeded for the search tests, with what each searched field reads for the in-memory matcher.</summary>
internal sealed record SeedJob(
    string Name,
    string Owner,
    string Status,
    int NodeCount,
    double MemoryPerNode,
    DateTimeOffset? Created,
    DateTimeOffset? Ended,
    string? RemoteJobId,
    bool Archive,
    string Inputs)
{
    public object? ValueOf(string field) => field switch
    {
        "name" => Name,
        "owner" => Owner,
        "status" => Status,
        "nodeCount" => (long)NodeCount,
        "memoryPerNode" => (decimal)MemoryPerNode,
        "created" => Created,
        "ended" => Ended,
        "remoteJobId" => RemoteJobId,
        "archive" => Archive,
        // Seeded in the form PostgreSQL prints jsonb in ({"k": "v"}), so the matcher reads the text the database compares.
        "inputs" => Inputs,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not seeded."),
    };
}
