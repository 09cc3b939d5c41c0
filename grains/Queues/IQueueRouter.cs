using AloeOrleans.Grains.Submission;

namespace AloeOrleans.Grains.Queues;

/// <summary>Picks the tenant queue a validated submission goes to (creating the tenant's DefaultQueue on first use).</summary>
public interface IQueueRouter
{
    ValueTask<string> RouteAsync(ValidatedSubmission submission, CancellationToken cancellationToken);

    /// <summary>Drops what the router knows of the tenant's queues: the next route reads them again.</summary>
    void Forget(string tenantId);
}
