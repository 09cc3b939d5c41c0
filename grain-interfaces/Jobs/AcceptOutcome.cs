namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>How an <see cref="IJobGrain.AcceptAsync"/> call ended.</summary>
[GenerateSerializer]
[Alias("aloe.AcceptOutcome")]
public enum AcceptOutcome
{
    /// <summary>The ACCEPTED row is committed.</summary>
    Accepted,

    /// <summary>The same idempotency key was used before: the existing job is returned, nothing new is stored.</summary>
    AlreadyAccepted,

    /// <summary>The tenant queue's backlog is at <c>maxMessages</c>; nothing is stored.</summary>
    QueueFull,

    /// <summary>The tenant queue it was routed to was removed in the meantime; nothing is stored, route it again.</summary>
    QueueRemoved,
}
