using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Grains.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AloeOrleans.Grains.Queues.Routing;

/// <summary>
/// Applies changes to tenant queues and tenant administrators on this silo as soon as they commit (docs/queues.md,
/// "Changing queues"): LISTENs for the NOTIFY of <c>sql/0014_queue_changes.sql</c>'s triggers, drops the tenant's
/// routing table or admin list, and asks the changed queue's grain to read its row again. Whatever a lost connection
/// makes it miss is read again within <see cref="QueueDefaultsOptions.ReconcileInterval"/> anyway; after reconnecting
/// it drops every cached table, since changes may have come meanwhile.
/// </summary>
public sealed partial class QueueChangeListener(
    NpgsqlDataSource dataSource, TenantQueueRouter router, ITenantAdmins tenantAdmins, IGrainFactory grainFactory,
    TimeProvider timeProvider, ILogger<QueueChangeListener> logger) : BackgroundService
{
    public const string QueuesChannel = "aloe_queues";
    public const string TenantAdminsChannel = "aloe_tenant_admins";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reconnected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notification) => Apply(notification.Channel, notification.Payload);
                await using (var command = new NpgsqlCommand($"LISTEN {QueuesChannel}; LISTEN {TenantAdminsChannel}", connection))
                {
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }

                if (reconnected)
                {
                    router.ForgetAll();
                    tenantAdmins.ForgetAll();
                }

                reconnected = true;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                LogListenFailed(logger, exception.Message);
                try
                {
                    await Task.Delay(RetryDelay, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Apply(string channel, string payload)
    {
        switch (channel)
        {
            case TenantAdminsChannel:
                tenantAdmins.Forget(payload);
                break;
            case QueuesChannel when payload.IndexOf('/', StringComparison.Ordinal) is var slash and > 0:
                router.Forget(payload[..slash]);
                _ = RefreshAsync(payload[(slash + 1)..]);
                break;
        }
    }

    private async Task RefreshAsync(string queue)
    {
        try
        {
            await grainFactory.GetGrain<ITenantQueueGrain>(queue).RefreshAsync();
        }
        catch (Exception exception)
        {
            // The queue reads its row again at its next reconcile anyway.
            LogRefreshFailed(logger, exception, queue);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue changes: LISTEN failed ({Reason}); changes apply at the next reconcile until it is back")]
    private static partial void LogListenFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue changes: queue {Queue} could not be refreshed; it reads its row at its next reconcile")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string queue);
}
