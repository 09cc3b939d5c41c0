using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AloeOrleans.Tests.EndToEnd.Faults;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a server, standing for the network between the service and a host: it counts
/// every connection the service opens (so a test can count connection attempts, even those the server behind it
/// refuses), and <see cref="CutAll"/> breaks every relayed connection at once, as a host that goes down does (stopping
/// sshd alone would leave its established sessions alive). A connection the server refuses is reset, so the service
/// sees the connection fail at once.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private static readonly TimeSpan UpstreamConnectTimeout = TimeSpan.FromSeconds(5);
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly int targetPort;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Socket, byte> live = new();
    private readonly Task acceptLoop;
    private int accepted;

    private TcpRelay(int targetPort)
    {
        this.targetPort = targetPort;
        listener.Start();
        acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The port the service is told to connect to.</summary>
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Connections accepted since the start or the last <see cref="ResetCount"/>.</summary>
    public int Accepted => Volatile.Read(ref accepted);

    public static TcpRelay To(int targetPort) => new(targetPort);

    /// <summary>Starts counting from zero; returns the count it replaced.</summary>
    public int ResetCount() => Interlocked.Exchange(ref accepted, 0);

    /// <summary>Resets every connection relayed now, both ends.</summary>
    public void CutAll()
    {
        foreach (var socket in live.Keys)
        {
            Reset(socket);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        CutAll();
        try
        {
            await acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref accepted);
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            timeout.CancelAfter(UpstreamConnectTimeout);
            await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, targetPort), timeout.Token);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            // The host is down: the service's connection fails as a refused one would.
            Reset(client);
            upstream.Dispose();
            return;
        }

        live.TryAdd(client, 0);
        live.TryAdd(upstream, 0);
        try
        {
            await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        }
        finally
        {
            live.TryRemove(client, out _);
            live.TryRemove(upstream, out _);
            Reset(client);
            Reset(upstream);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Closes with an RST (linger 0), as a dead host's network does, not a polite FIN.</summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }
}
