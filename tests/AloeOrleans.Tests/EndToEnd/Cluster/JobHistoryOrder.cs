using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Tests.EndToEnd.Cluster;

/// <summary>
/// Checks a finished job's history for gaps: the statuses it entered go forward through the lifecycle (repeats of one
/// status, e.g. a retried submit, collapse), and none of the steps every run takes is missing.
/// </summary>
public static class JobHistoryOrder
{
    private static readonly string[] Lifecycle =
    [
        nameof(JobStatus.ACCEPTED), nameof(JobStatus.PENDING), nameof(JobStatus.PROCESSING_INPUTS), nameof(JobStatus.STAGING_INPUTS),
        nameof(JobStatus.STAGED), nameof(JobStatus.STAGING_JOB), nameof(JobStatus.SUBMITTING), nameof(JobStatus.QUEUED),
        nameof(JobStatus.RUNNING), nameof(JobStatus.CLEANING_UP), nameof(JobStatus.ARCHIVING), nameof(JobStatus.FINISHED),
    ];

    private static readonly string[] EveryRun =
    [
        nameof(JobStatus.ACCEPTED), nameof(JobStatus.PENDING), nameof(JobStatus.PROCESSING_INPUTS), nameof(JobStatus.STAGING_JOB),
        nameof(JobStatus.SUBMITTING), nameof(JobStatus.RUNNING), nameof(JobStatus.CLEANING_UP), nameof(JobStatus.FINISHED),
    ];

    /// <summary>What is wrong with <paramref name="statuses"/> (oldest first), or null when it has no gap.</summary>
    public static string? Problem(IReadOnlyList<string> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var positions = statuses.Select(status => Array.IndexOf(Lifecycle, status)).ToList();
        for (var i = 0; i < positions.Count; i++)
        {
            if (positions[i] < 0)
            {
                return $"{statuses[i]} is not a step of a job that finishes";
            }

            if (i > 0 && positions[i] < positions[i - 1])
            {
                return $"{statuses[i]} after {statuses[i - 1]} goes back";
            }
        }

        return EveryRun.FirstOrDefault(step => !statuses.Contains(step)) is { } missing ? $"{missing} is missing" : null;
    }
}
