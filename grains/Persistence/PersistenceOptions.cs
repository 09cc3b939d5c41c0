using System.ComponentModel.DataAnnotations;

namespace AloeOrleans.Grains.Persistence;

/// <summary>Tunables of the PostgreSQL stores (section <c>Aloe:Persistence</c>).</summary>
public sealed class PersistenceOptions
{
    public const string SectionName = "Aloe:Persistence";

    /// <summary>How long a tenant's admin list is cached. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan AdminCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a tenant's apps and systems are cached before being re-read. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CatalogCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most job writes one group commit holds (docs/lifecycle.md, "Group commit"); 1 commits every write alone.
    /// Default 256.
    /// </summary>
    [Range(1, 10_000)]
    public int GroupCommitMaxBatch { get; set; } = 256;

    /// <summary>
    /// How many group commits may be in flight at once, each on a connection of its own; a write that finds fewer starts
    /// one at once instead of waiting. Default 4.
    /// </summary>
    [Range(1, 64)]
    public int GroupCommitMaxInFlight { get; set; } = 4;
}
