using System.ComponentModel.DataAnnotations;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>Section <c>Aloe:Gateway:EventStream</c>: the live event streams (docs/notifications.md, "The event stream").</summary>
public sealed class EventStreamSettings
{
    /// <summary>Seconds between heartbeat comments on an idle stream, so proxies keep it open. Default 15.</summary>
    [Range(1, 600)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>
    /// Seconds after which a stream reads the event table even without a signal: the bound on how late an event can be
    /// when a signal is lost. Default 5.
    /// </summary>
    [Range(1, 600)]
    public int PollSeconds { get; set; } = 5;

    /// <summary>Open streams one user may hold on one silo; one more is refused with 429. Default 10.</summary>
    [Range(1, 10000)]
    public int MaxStreamsPerUser { get; set; } = 10;
}
