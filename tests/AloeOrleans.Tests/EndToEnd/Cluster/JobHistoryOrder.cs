using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Tests.EndToEnd.Cluster;

/// <summary>
/// Checks a finished job's history for gaps: the statuses it entered go forward through the lifecycle (repeats of one
/// status, e.g. a retried submit, collapse), none of the steps every run takes is missing, and the scheduler was seen
/// holding the job at least once (QUEUED or RUNNING: a job that starts and ends between two status checks is seen
/// QUEUED and then ended, never RUNNING, with or without a lost silo).
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
        nameof(JobStatus.SUBMITTING), nameof(JobStatus.CLEANING_UP), nameof(JobStatus.FINISHED),
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

        if (EveryRun.FirstOrDefault(step => !statuses.Contains(step)) is { } missing)
        {
            return $"{missing} is missing";
        }

        return statuses.Contains(nameof(JobStatus.QUEUED)) || statuses.Contains(nameof(JobStatus.RUNNING))
            ? null
            : "neither QUEUED nor RUNNING: the job was never seen with the scheduler";
    }
}
