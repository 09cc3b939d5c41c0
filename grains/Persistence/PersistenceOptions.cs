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
}
