namespace AloeOrleans.Grains.Queues.Routing;

/// <summary>
/// Where a submission goes, and the filters that failed to evaluate on the way (queue name and reason: counted as
/// false and logged, docs/queues.md "Routing").
/// </summary>
public sealed record QueueRoutingDecision(string Queue, IReadOnlyList<(string Queue, string Failure)> Failures);
