using AloeOrleans.Grains.Queues.Filters;

namespace AloeOrleans.Grains.Queues.Routing;

/// <summary>A queue a submission may be routed to: its name, priority and parsed filter.</summary>
public sealed record QueueRoute(string Name, int Priority, QueueFilter Filter);
