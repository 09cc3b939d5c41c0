using System.Collections.Concurrent;
using AloeOrleans.Grains.Network;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>
/// SSH/SFTP connections shared across operations and jobs: per endpoint (<see cref="SshEndpoint.PoolKey"/>) at most
/// <see cref="SshOptions.MaxConnectionsPerSystem"/> open connections, handed out one lease at a time
/// (<c>await using var lease = await pool.LeaseAsync(endpoint, ct)</c>) and reused; idle ones are closed after
/// <see cref="SshOptions.IdleTimeout"/>, broken ones discarded (the next lease opens a new one).
/// </summary>
public sealed partial class SshConnectionPool : IAsyncDisposable
{
    public const string AllowedNetworksSetting = "Aloe:Ssh:AllowedNetworks";

    private readonly SshOptions options;
    private readonly CheckedConnector connector;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<SshConnectionPool> logger;
    private readonly ConcurrentDictionary<string, SshEndpointSlots> endpoints = new(StringComparer.Ordinal);
    private readonly ITimer sweeper;
    private long connectionsOpened;
    private long sessionsOpened;
    private long sessionsReplaced;
    private int openConnections;
    private volatile bool disposed;

    public SshConnectionPool(IOptions<SshOptions> options, TimeProvider timeProvider, ILogger<SshConnectionPool> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        connector = new CheckedConnector(NetworkPolicy.Parse(this.options.AllowedNetworks, AllowedNetworksSetting));
        this.timeProvider = timeProvider;
        this.logger = logger;
        if (this.options.MaxConnectionsPerSystem < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Aloe:Ssh:MaxConnectionsPerSystem must be at least 1.");
        }
        var period = TimeSpan.FromTicks(Math.Clamp(this.options.IdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));
        sweeper = timeProvider.CreateTimer(_ => CloseIdle(), null, period, period);
    }

    /// <summary>Connections opened since start (each one reused by many leases).</summary>
    public long ConnectionsOpened => Interlocked.Read(ref connectionsOpened);

    /// <summary>SSH sessions opened since start: a connection has one for commands and, once SFTP is used, one for SFTP.</summary>
    public long SessionsOpened => Interlocked.Read(ref sessionsOpened);

    /// <summary>Sessions reopened in place because they had dropped between operations of a lease.</summary>
    public long SessionsReplaced => Interlocked.Read(ref sessionsReplaced);

    /// <summary>Connections open now, leased or idle.</summary>
    public int OpenConnections => Volatile.Read(ref openConnections);

    /// <summary>Connections open now to <paramref name="endpoint"/>, leased or idle.</summary>
    public int OpenConnectionsTo(SshEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoints.TryGetValue(endpoint.PoolKey, out var slots) ? Volatile.Read(ref slots.Open) : 0;
    }

    /// <summary>
    /// A connection to <paramref name="endpoint"/> for the caller alone until the lease is disposed: an idle one, or a
    /// new one when fewer than MaxConnectionsPerSystem are open, else waits for a return.
    /// </summary>
    /// <exception cref="SshHostKeyMismatchException">The server's host key is not the expected one.</exception>
    /// <exception cref="SshAuthenticationException">The login was refused.</exception>
    /// <exception cref="SshConnectException">The server could not be reached in time.</exception>
    /// <exception cref="DestinationRefusedException">The host's address is refused by <see cref="SshOptions.AllowedNetworks"/>; nothing was connected to.</exception>
    public async Task<SshLease> LeaseAsync(SshEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ObjectDisposedException.ThrowIf(disposed, this);
        var slots = endpoints.GetOrAdd(endpoint.PoolKey, _ => new SshEndpointSlots(options.MaxConnectionsPerSystem));
        await slots.Gate.WaitAsync(cancellationToken);
        try
        {
            while (slots.TryTakeIdle(out var idle))
            {
                if (idle.IsHealthy)
                {
                    return new SshLease(this, slots, idle, options, endpoint);
                }
                Close(slots, idle, "broken");
            }

            var connection = await SshConnection.OpenAsync(endpoint, options, connector, SessionOpened, cancellationToken);
            Interlocked.Increment(ref connectionsOpened);
            Interlocked.Increment(ref openConnections);
            var open = Interlocked.Increment(ref slots.Open);
            LogOpened(logger, endpoint, open);
            return new SshLease(this, slots, connection, options, endpoint);
        }
        catch
        {
            slots.Gate.Release();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        await sweeper.DisposeAsync();
        foreach (var slots in endpoints.Values)
        {
            foreach (var connection in slots.Close())
            {
                Close(slots, connection, "pool disposed");
            }
        }
    }

    internal void Return(SshEndpointSlots slots, SshConnection connection)
    {
        try
        {
            if (!connection.IsHealthy)
            {
                Close(slots, connection, "broken");
                return;
            }
            connection.LastReturned = timeProvider.GetTimestamp();
            if (disposed || !slots.TryAddIdle(connection))
            {
                Close(slots, connection, "pool disposed");
            }
        }
        finally
        {
            slots.Gate.Release();
        }
    }

    private void SessionOpened(bool replacing)
    {
        Interlocked.Increment(ref sessionsOpened);
        if (replacing)
        {
            Interlocked.Increment(ref sessionsReplaced);
        }
    }

    private void CloseIdle()
    {
        var now = timeProvider.GetTimestamp();
        foreach (var slots in endpoints.Values)
        {
            var expired = slots.RemoveIdle(c => !c.IsHealthy || timeProvider.GetElapsedTime(c.LastReturned, now) >= options.IdleTimeout);
            foreach (var connection in expired)
            {
                Close(slots, connection, connection.IsHealthy ? "idle" : "broken");
            }
        }
    }

    private void Close(SshEndpointSlots slots, SshConnection connection, string reason)
    {
        Interlocked.Decrement(ref openConnections);
        var open = Interlocked.Decrement(ref slots.Open);
        connection.Dispose();
        LogClosed(logger, connection.Endpoint, reason, open);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SSH connection opened to {Endpoint} ({Open} open)")]
    private static partial void LogOpened(ILogger logger, SshEndpoint endpoint, int open);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SSH connection to {Endpoint} closed: {Reason} ({Open} open)")]
    private static partial void LogClosed(ILogger logger, SshEndpoint endpoint, string reason, int open);
}
