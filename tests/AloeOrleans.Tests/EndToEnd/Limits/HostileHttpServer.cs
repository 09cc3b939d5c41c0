using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AloeOrleans.Tests.EndToEnd.Limits;

/// <summary>
/// A raw TCP server on 127.0.0.1 that answers every HTTP request with a fixed status line, whatever its length: a
/// hostile input server no well-behaved framework would imitate.
/// </summary>
public sealed class HostileHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly byte[] answer;
    private readonly Task accepting;

    private HostileHttpServer(int statusCode, byte[] reasonPhrase)
    {
        answer = [.. Encoding.ASCII.GetBytes($"HTTP/1.1 {statusCode} "), .. reasonPhrase, .. "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8];
        listener.Start();
        accepting = AcceptAsync();
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

    /// <summary>Every request is answered <paramref name="statusCode"/> with the bytes of <paramref name="reasonPhrase"/> and no body.</summary>
    public static HostileHttpServer Start(int statusCode, byte[] reasonPhrase) => new(statusCode, reasonPhrase);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await ReadRequestHeadAsync(stream);
                await stream.WriteAsync(answer, stop.Token);
                await stream.FlushAsync(stop.Token);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException)
            {
                // The client went away or the server stops.
            }
        }
    }

    /// <summary>Reads up to the blank line that ends the request head (the requests here have no body).</summary>
    private async Task ReadRequestHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var seen = new StringBuilder();
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, stop.Token);
            if (read == 0)
            {
                return;
            }

            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }
}
