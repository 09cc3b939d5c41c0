namespace AloeOrleans.GrainInterfaces.Queues;

/// <summary>How a tenant queue answered a request to admit a job.</summary>
[GenerateSerializer]
[Alias("aloe.QueueAdmission")]
public enum QueueAdmission
{
    /// <summary>The job has its place in the backlog.</summary>
    Admitted,

    /// <summary>The backlog is at <c>maxMessages</c>.</summary>
    Full,

    /// <summary>The queue's row is gone (an import removed it): the job must be routed again.</summary>
    Removed,
}
