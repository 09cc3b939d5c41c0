using AloeOrleans.Grains.Persistence;

namespace AloeOrleans.Grains.Events;

/// <summary>A history event as the feed reads it, with its place in the feed.</summary>
public sealed record FeedEvent(JobEvent Event, JobEventCursor Cursor);
