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

    /// <summary>
    /// The share of a queue's <c>numWorkers</c> one user's jobs may hold at once: <c>floor(numWorkers × share)</c>, at
    /// least 1. A strict cap, so that one user (a sweep of thousands of jobs) never takes every worker: another user's
    /// job gets a slot while the first user's further jobs wait in PENDING, in order. 1 turns it off. Default 0.5: a
    /// lone user still gets half the workers, and there is always room for others.
    /// </summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double MaxUserShareOfWorkers { get; set; } = 0.5;

    /// <summary>How often a queue re-reads its counts and definition from the database. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);
}
