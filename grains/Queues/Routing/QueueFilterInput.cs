using AloeOrleans.Grains.Queues.Filters;
using AloeOrleans.Grains.Submission;

namespace AloeOrleans.Grains.Queues.Routing;

/// <summary>
/// The values a queue filter sees for one submission (docs/queues.md, "Queue filters"), one per name of
/// <see cref="QueueFilterProperties.Types"/>: the validated request (app defaults applied, memory in GB, time in hours),
/// the caller's roles joined by commas, and the UTC hour and day of the week at submission. A value the submission
/// does not have (no remote queue, no memory request) is NULL, so a filter on it is unknown, never true. Pure.
/// </summary>
public static class QueueFilterInput
{
    public static IReadOnlyDictionary<string, object?> For(ValidatedSubmission submission, DateTimeOffset submittedAt)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var spec = submission.Spec;
        var resources = spec.Resources;
        var utc = submittedAt.ToUniversalTime();
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["tenant"] = submission.TenantId,
            ["owner"] = submission.Owner,
            ["name"] = spec.Name,
            ["appId"] = spec.AppId,
            ["systemId"] = spec.SystemId,
            ["archive"] = spec.Archive.Enabled,
            ["archiveSystem"] = spec.Archive.Enabled && spec.Archive.SystemId.Length > 0 ? spec.Archive.SystemId : null,
            ["nodeCount"] = (double)resources.NodeCount,
            ["processorsPerNode"] = (double)resources.NodeCount * resources.ProcessorsPerNode,
            ["processorsOnEachNode"] = (double)resources.ProcessorsPerNode,
            ["memoryPerNode"] = resources.MemoryPerNodeGb > 0 ? resources.MemoryPerNodeGb : null,
            ["maxHours"] = resources.MaxHours > 0 ? resources.MaxHours : null,
            ["remoteQueue"] = string.IsNullOrEmpty(resources.RemoteQueue) ? null : resources.RemoteQueue,
            ["roles"] = submission.Roles,
            ["hour"] = (double)utc.Hour,
            ["dayOfWeek"] = (double)(int)utc.DayOfWeek,
        };
    }
}
