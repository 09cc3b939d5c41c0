using System.Globalization;

namespace AloeOrleans.Grains.Events;

/// <summary>
/// A place in the event feed (docs/notifications.md, "The event stream"): the transaction that wrote an event and the
/// event's id, the order in which settled events are read. Written as <c>&lt;transaction&gt;-&lt;event id&gt;</c>, the
/// SSE event id a client sends back as <c>Last-Event-ID</c>. Pure.
/// </summary>
public sealed record JobEventCursor(ulong Transaction, long EventId)
{
    /// <summary>Before every event.</summary>
    public static readonly JobEventCursor Start = new(0, 0);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Transaction}-{EventId}");

    public static bool TryParse(string? text, out JobEventCursor cursor)
    {
        cursor = Start;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (text is null || dash <= 0 || dash == text.Length - 1)
        {
            return false;
        }

        if (ulong.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var transaction)
            && long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var eventId))
        {
            cursor = new JobEventCursor(transaction, eventId);
            return true;
        }

        return false;
    }
}
