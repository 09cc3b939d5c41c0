using System.Collections.Concurrent;
using AloeOrleans.Grains.Events;
using AloeOrleans.Grains.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using AloeOrleans.Grains.Telemetry;

namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// Delivers the outbox (docs/notifications.md, "Delivery"). Claims due deliveries under a lease, tries each through its
/// channel, and records the try with the next one the policy allows. Every silo may run one: claims skip rows another
/// holds, and a dead silo's leases run out. Wakes on the trigger's NOTIFY, else polls. Tries in flight are capped in
/// total and per destination, so one slow receiver cannot hold up the others.
/// </summary>
public sealed partial class NotificationDispatcher(
    PostgresNotificationStore store,
    IJobStore jobs,
    IEnumerable<INotificationChannel> channels,
    NpgsqlDataSource dataSource,
    IOptions<NotificationOptions> options,
    TimeProvider timeProvider,
    JobEventPublisher publisher,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private readonly NotificationOptions settings = options.Value;
    private readonly ConcurrentDictionary<string, int> inFlightByDestination = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim wake = new(0, int.MaxValue);
    private int inFlight;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.DispatcherEnabled)
        {
            return;
        }

        var listener = ListenAsync(stoppingToken);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveAll(task => task.IsCompleted);
            var room = settings.MaxConcurrency - Volatile.Read(ref inFlight);
            var claimed = 0;
            // While busy, claim only once a good share of the slots is free: a claim reads the head of the outbox, and
            // one claim per finished try would make the claims, not the tries, the limit.
            if (room >= Math.Min(settings.BatchSize, Math.Max(1, settings.MaxConcurrency / 8)) || Volatile.Read(ref inFlight) == 0)
            {
                try
                {
                    var busy = inFlightByDestination.Where(pair => pair.Value >= settings.MaxConcurrencyPerDestination).Select(pair => pair.Key).ToList();
                    var deliveries = await store.ClaimDueAsync(Math.Min(room, settings.BatchSize), settings.MaxConcurrencyPerDestination, busy,
                        settings.Lease, stoppingToken);
                    claimed = deliveries.Count;
                    var excess = new List<ClaimedDelivery>();
                    foreach (var delivery in deliveries)
                    {
                        // A claim may bring more for a destination than it has free slots: those go back at once.
                        if (inFlightByDestination.GetValueOrDefault(delivery.Destination) >= settings.MaxConcurrencyPerDestination)
                        {
                            excess.Add(delivery);
                            continue;
                        }

                        Interlocked.Increment(ref inFlight);
                        inFlightByDestination.AddOrUpdate(delivery.Destination, 1, (_, count) => count + 1);
                        running.Add(DeliverAsync(delivery, stoppingToken));
                    }

                    if (excess.Count > 0)
                    {
                        await store.ReleaseAsync(excess, stoppingToken);
                        claimed -= excess.Count;
                    }
                }
                catch (DatabaseUnavailableException exception)
                {
                    LogDatabaseUnavailable(exception.Message);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }

            if (claimed == 0 || room <= claimed || claimed < Math.Min(room, settings.BatchSize))
            {
                // Nothing due (or no room): sleep until a NOTIFY, a finished try or the poll interval.
                try
                {
                    await wake.WaitAsync(settings.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            DrainWakeSignals();
        }

        // Tries in flight finish or are cancelled; an unrecorded one stays leased and is tried again after the lease.
        await Task.WhenAll(running.Append(listener)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task DeliverAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await TryOnceAsync(delivery, cancellationToken);
            DateTimeOffset? next = null;
            if (!outcome.Delivered && RetrySchedule.NextDelay(delivery.Policy, delivery.Attempts + 1) is { } delay)
            {
                next = timeProvider.GetUtcNow() + delay;
            }

            AloeMetrics.NotificationDelivered(ChannelOf(delivery.Target), outcome.Delivered ? "delivered" : next is null ? "failed" : "retrying");
            if (!await store.RecordAsync(delivery, outcome, next, CancellationToken.None))
            {
                LogLeaseLost(delivery.Uuid);
            }
            else if (next is null)
            {
                // The end of the delivery added NOTIFICATION_DELIVERED or NOTIFICATION_FAILED to the job's history.
                await publisher.PublishAsync(delivery.JobUuid, delivery.TenantId);
            }
        }
        catch (Exception exception) when (exception is DatabaseUnavailableException or OperationCanceledException)
        {
            // Not recorded: the lease runs out and the delivery is tried again, under the same delivery id.
            LogNotRecorded(delivery.Uuid, exception.Message);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
            inFlightByDestination.AddOrUpdate(delivery.Destination, 0, (_, count) => Math.Max(0, count - 1));
            wake.Release();
        }
    }

    /// <summary>The metric label of a target: webhooks are http(s) URLs, everything else is an e-mail address.</summary>
    private static string ChannelOf(string target) =>
        Uri.TryCreate(target, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? "webhook" : "email";

    private async Task<DeliveryOutcome> TryOnceAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(delivery.JobUuid, cancellationToken);
        if (job is null)
        {
            return new DeliveryOutcome(false, timeProvider.GetUtcNow(), TimeSpan.Zero, Error: "the job no longer exists");
        }

        var channel = channels.FirstOrDefault(candidate => candidate.Handles(delivery.Target));
        return channel is null
            ? new DeliveryOutcome(false, timeProvider.GetUtcNow(), TimeSpan.Zero, Error: "no channel delivers to this target")
            : await channel.TryAsync(delivery, job, cancellationToken);
    }

    /// <summary>LISTENs for the outbox trigger's NOTIFY on a connection of its own; reconnects after an outage.</summary>
    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, _) => wake.Release();
                await using (var command = new NpgsqlCommand("LISTEN aloe_notifications", connection))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                while (!cancellationToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                // Polling still delivers meanwhile; listen again shortly.
                LogListenFailed(exception.Message);
                try
                {
                    await Task.Delay(settings.PollInterval * 5, timeProvider, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void DrainWakeSignals()
    {
        while (wake.CurrentCount > 0 && wake.Wait(0))
        {
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification dispatcher: the database is unavailable ({Reason}); trying again")]
    private partial void LogDatabaseUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification delivery {Delivery}: its lease ran out before the try was recorded; the new holder records its own")]
    private partial void LogLeaseLost(Guid delivery);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification delivery {Delivery}: try not recorded ({Reason}); it is tried again when its lease runs out")]
    private partial void LogNotRecorded(Guid delivery, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification dispatcher: LISTEN failed ({Reason}); polling until it is back")]
    private partial void LogListenFailed(string reason);
}
