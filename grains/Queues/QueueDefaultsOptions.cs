using System.ComponentModel.DataAnnotations;

namespace AloeOrleans.Grains.Queues;

/// <summary>What a tenant's automatically created DefaultQueue gets, and queue housekeeping (section <c>Aloe:Queues</c>).</summary>
public sealed class QueueDefaultsOptions
{
    public const string SectionName = "Aloe:Queues";

    /// <summary>Jobs of the queue in active processing at once. Default 100.</summary>
    [Range(1, 100_000)]
    public int NumWorkers { get; set; } = 100;

    /// <summary>Jobs of the queue waiting (ACCEPTED or PENDING) before submissions get 429. Default 10000.</summary>
    [Range(1, 10_000_000)]
    public int MaxMessages { get; set; } = 10000;

    /// <summary>How often a queue re-reads its counts and definition from the database. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);
}
