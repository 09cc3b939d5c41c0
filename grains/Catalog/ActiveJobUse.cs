using System.Globalization;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// The active (not FINISHED, STOPPED or FAILED) jobs that use an app or a system: how many, and the ids of the oldest
/// <see cref="Shown"/>, for the answer that refuses to delete what they use.
/// </summary>
public sealed record ActiveJobUse(int Count, IReadOnlyList<Guid> FirstJobs)
{
    /// <summary>How many job ids a refusal names; the rest are counted.</summary>
    public const int Shown = 5;

    public static ActiveJobUse None { get; } = new(0, []);

    public bool Any => Count > 0;

    /// <summary>"3 active job(s) (a, b, c)" or "12 active job(s) (a, b, c, d, e and 7 more)".</summary>
    public string Describe()
    {
        var more = Count > FirstJobs.Count ? string.Create(CultureInfo.InvariantCulture, $" and {Count - FirstJobs.Count} more") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{Count} active job(s) ({string.Join(", ", FirstJobs)}{more})");
    }
}
