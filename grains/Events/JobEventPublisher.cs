using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace AloeOrleans.Grains.Events;

/// <summary>
/// Publishes a <see cref="JobEventSignal"/> on the job's and the tenant's streams after events were written. Never
/// fails or delays the write it follows: a signal that cannot be sent only delays live readers until their next poll.
/// <para>
/// Signals are coalesced (docs/notifications.md, "The event stream"): a signal is only "read the table again", so the
/// signals of one <see cref="CoalescingWindow"/> go out once per stream. A job's ACCEPTED and PENDING become one signal,
/// and a busy tenant's stream gets one per window instead of one per event; each was a call to the stream's queue, and
/// together they were a measured part of a submission's cost (docs/operations.md, "Performance").
/// </para>
/// </summary>
public sealed partial class JobEventPublisher(IClusterClient client, ILogger<JobEventPublisher> logger)
{
    /// <summary>How long signals are gathered before they are sent: short next to a reader's poll, long next to a burst of writes.</summary>
    public static readonly TimeSpan CoalescingWindow = TimeSpan.FromMilliseconds(20);

    private readonly Lock _gate = new();
    private Dictionary<StreamId, Guid> _pending = [];
    private bool _sendScheduled;

    /// <summary>Queues the signals of <paramref name="jobUuid"/>'s new events; they are sent within <see cref="CoalescingWindow"/>.</summary>
    public Task PublishAsync(Guid jobUuid, string tenantId)
    {
        bool schedule;
        lock (_gate)
        {
            _pending[JobEventStreams.ForJob(jobUuid)] = jobUuid;
            _pending[JobEventStreams.ForTenant(tenantId)] = jobUuid;
            schedule = !_sendScheduled;
            _sendScheduled = true;
        }

        if (schedule)
        {
            _ = Task.Run(SendSoonAsync);
        }

        return Task.CompletedTask;
    }

    private async Task SendSoonAsync()
    {
        await Task.Delay(CoalescingWindow);
        Dictionary<StreamId, Guid> signals;
        lock (_gate)
        {
            signals = _pending;
            _pending = [];
            _sendScheduled = false;
        }

        try
        {
            var provider = client.GetStreamProvider(JobEventStreams.ProviderName);
            await Task.WhenAll(signals.Select(signal => SendAsync(provider, signal.Key, signal.Value)));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogNotPublished(signals.Count, exception.Message);
        }
    }

    private async Task SendAsync(IStreamProvider provider, StreamId stream, Guid jobUuid)
    {
        try
        {
            await provider.GetStream<JobEventSignal>(stream).OnNextAsync(new JobEventSignal(jobUuid));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogNotPublished(1, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Count} event signal(s) not published ({Reason}); live readers see the events at their next poll")]
    private partial void LogNotPublished(int count, string reason);
}
