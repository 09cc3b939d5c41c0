namespace AloeOrleans.Grains.Quotas;

/// <summary>The four job limits of an execution system, each named after its field in the system definition.</summary>
public enum QuotaLimit
{
    /// <summary>A queue's <c>maxUserJobs</c>: jobs of one user in the queue at once.</summary>
    QueueUserJobs,

    /// <summary>A queue's <c>maxJobs</c>: jobs in the queue at once.</summary>
    QueueJobs,

    /// <summary>The system's <c>maxSystemJobsPerUser</c>: jobs of one user on the system at once.</summary>
    SystemUserJobs,

    /// <summary>The system's <c>maxSystemJobs</c>: jobs on the system at once.</summary>
    SystemJobs,
}
