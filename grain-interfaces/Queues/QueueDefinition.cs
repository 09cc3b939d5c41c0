namespace AloeOrleans.GrainInterfaces.Queues;

/// <summary>A tenant queue as stored in <c>aloe_queues</c> (docs/queues.md, "Tenant queues").</summary>
[GenerateSerializer, Immutable]
[Alias("aloe.QueueDefinition")]
public sealed record QueueDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string TenantId,
    [property: Id(2)] int Priority,
    [property: Id(3)] string Filter,
    [property: Id(4)] int NumWorkers,
    [property: Id(5)] int MaxMessages)
{
    /// <summary>The name every tenant's default queue has: <c>aloe.jobq.&lt;tenantId&gt;.submit.DefaultQueue</c>.</summary>
    public static string DefaultQueueName(string tenantId) => $"aloe.jobq.{tenantId}.submit.DefaultQueue";

    /// <summary>The tenant id a queue name carries (<c>aloe.jobq.&lt;tenantId&gt;.submit.&lt;queue&gt;</c>), or null if it has none.</summary>
    public static string? TenantOf(string queueName)
    {
        const string Prefix = "aloe.jobq.";
        const string Submit = ".submit.";
        var submit = queueName.LastIndexOf(Submit, StringComparison.Ordinal);
        return queueName.StartsWith(Prefix, StringComparison.Ordinal) && submit > Prefix.Length
            ? queueName[Prefix.Length..submit]
            : null;
    }
}
