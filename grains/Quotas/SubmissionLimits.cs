using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Grains.Quotas;

/// <summary>
/// The job limits one more job on <see cref="SystemId"/> must respect: those of its remote queue (<c>maxUserJobs</c>,
/// <c>maxJobs</c>; none when the job has no queue or the system no longer declares it) and the system-wide ones
/// (<c>maxSystemJobsPerUser</c>, <c>maxSystemJobs</c>). <see cref="int.MaxValue"/> means no limit, as an omitted field
/// does in the catalog; a negative value (Agave's -1, refused by the catalog since, but possible in an old row) too.
/// Serializable: the work that stages a job reads them and reports them back to the job's grain with its result.
/// </summary>
[GenerateSerializer, Immutable, Alias("aloe.submission-limits")]
public sealed record SubmissionLimits(
    [property: Id(0)] string SystemId,
    [property: Id(1)] string? QueueName,
    [property: Id(2)] int MaxQueueUserJobs,
    [property: Id(3)] int MaxQueueJobs,
    [property: Id(4)] int MaxSystemUserJobs,
    [property: Id(5)] int MaxSystemJobs)
{
    public const int Unlimited = int.MaxValue;

    /// <summary>The limits of <paramref name="system"/> for a job in <paramref name="remoteQueue"/>.</summary>
    public static SubmissionLimits For(SystemDefinition system, string? remoteQueue)
    {
        ArgumentNullException.ThrowIfNull(system);
        var queue = remoteQueue is null ? null : system.Queues.FirstOrDefault(candidate => candidate.Name == remoteQueue);
        return new SubmissionLimits(
            system.Id,
            queue?.Name,
            Normalized(queue?.MaxUserJobs),
            Normalized(queue?.MaxJobs),
            Normalized(system.MaxSystemJobsPerUser),
            Normalized(system.MaxSystemJobs));
    }

    /// <summary>Whether no limit applies at all (a queue's only with a queue), so nothing needs counting.</summary>
    public bool IsUnlimited =>
        (QueueName is null || (IsNoLimit(MaxQueueUserJobs) && IsNoLimit(MaxQueueJobs))) && IsNoLimit(MaxSystemUserJobs) && IsNoLimit(MaxSystemJobs);

    /// <summary>Whether <paramref name="limit"/> means "no limit": <see cref="Unlimited"/> or negative.</summary>
    public static bool IsNoLimit(int limit) => limit is < 0 or Unlimited;

    private static int Normalized(int? limit) => limit is { } value && !IsNoLimit(value) ? value : Unlimited;
}
