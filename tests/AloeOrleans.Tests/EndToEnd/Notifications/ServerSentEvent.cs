namespace AloeOrleans.Tests.EndToEnd.Notifications;

/// <summary>One event of a <c>text/event-stream</c>: its id, name and data line; or a comment (a heartbeat) when <see cref="Comment"/> is set.</summary>
public sealed record ServerSentEvent(string? Id, string? Event, string? Data, string? Comment = null);
