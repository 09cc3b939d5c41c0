using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AloeOrleans.Tests.EndToEnd.Network;

/// <summary>
/// A real TCP server on one address (any 127.x.y.z or ::1) that runs a script for each connection and counts the
/// connections it accepted: the hostile and the forbidden servers of the network tests.
/// </summary>
public sealed class ScriptedTcpServer : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly Func<NetworkStream, CancellationToken, Task> script;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> running = [];
    private readonly Task accepting;
    private int connections;

    private ScriptedTcpServer(IPAddress address, int port, Func<NetworkStream, CancellationToken, Task> script)
    {
        listener = new TcpListener(address, port);
        listener.Start();
        this.script = script;
        Address = address;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    public IPAddress Address { get; }

    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref connections);

    /// <summary>host:port as it goes into a URL (<c>[::1]:4711</c> for IPv6).</summary>
    public string Authority => string.Create(CultureInfo.InvariantCulture,
        $"{(Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString())}:{Port}");

    /// <summary>Listens on <paramref name="address"/> (port 0: any free port) and runs <paramref name="script"/> for every connection.</summary>
    public static ScriptedTcpServer Start(IPAddress address, Func<NetworkStream, CancellationToken, Task> script, int port = 0) =>
        new(address, port, script);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped while accepting.
        }

        Task[] scripts;
        lock (running)
        {
            scripts = [.. running];
        }

        await Task.WhenAll(scripts);
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var socket = await listener.AcceptSocketAsync(stopping.Token);
            Interlocked.Increment(ref connections);
            lock (running)
            {
                running.Add(RunAsync(socket));
            }
        }
    }

    private async Task RunAsync(Socket socket)
    {
        await Task.Yield();
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            await script(stream, stopping.Token);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away (as it should when it refuses what it gets), or the test is over.
        }
    }
}
