using System.Net.Sockets;
using System.Text;

namespace AloeOrleans.Tests.EndToEnd.Network;

/// <summary>HTTP/1.1 answers for <see cref="ScriptedTcpServer"/>, well-behaved and hostile; each reads the request first.</summary>
public static class HostileHttp
{
    /// <summary>200 with <paramref name="body"/>.</summary>
    public static Func<NetworkStream, CancellationToken, Task> Serves(byte[] body) => async (stream, ct) =>
    {
        await ReadRequestAsync(stream, ct);
        await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n", ct);
        await stream.WriteAsync(body, ct);
    };

    /// <summary><paramref name="statusCode"/> with the raw bytes of <paramref name="reasonPhrase"/> (whatever their length) and no body.</summary>
    public static Func<NetworkStream, CancellationToken, Task> Answers(int statusCode, byte[] reasonPhrase) => async (stream, ct) =>
    {
        await ReadRequestAsync(stream, ct);
        await WriteAsync(stream, $"HTTP/1.1 {statusCode} ", ct);
        await stream.WriteAsync(reasonPhrase, ct);
        await WriteAsync(stream, "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct);
    };

    /// <summary>302 to <paramref name="location"/>; <paramref name="requested"/> hears each request line it answers.</summary>
    public static Func<NetworkStream, CancellationToken, Task> RedirectsTo(Func<string> location, Action<string>? requested = null) => async (stream, ct) =>
    {
        requested?.Invoke(await ReadRequestAsync(stream, ct));
        await WriteAsync(stream, $"HTTP/1.1 302 Found\r\nLocation: {location()}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct);
    };

    /// <summary>A body without a length that never ends, sent as fast as the client takes it.</summary>
    public static Func<NetworkStream, CancellationToken, Task> EndlessBody() => async (stream, ct) =>
    {
        await ReadRequestAsync(stream, ct);
        await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n", ct);
        var chunk = new byte[64 * 1024];
        while (true)
        {
            await stream.WriteAsync(chunk, ct);
        }
    };

    /// <summary>Announces <paramref name="contentLength"/> bytes, then sends them (or tries to).</summary>
    public static Func<NetworkStream, CancellationToken, Task> Announces(long contentLength) => async (stream, ct) =>
    {
        await ReadRequestAsync(stream, ct);
        await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Length: {contentLength}\r\nConnection: close\r\n\r\n", ct);
        var chunk = new byte[64 * 1024];
        for (long sent = 0; sent < contentLength; sent += chunk.Length)
        {
            await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, contentLength - sent)), ct);
        }
    };

    /// <summary>Announces 100000 bytes, sends 1000, then sends nothing more until the client gives up.</summary>
    public static Func<NetworkStream, CancellationToken, Task> StallsMidBody() => async (stream, ct) =>
    {
        await ReadRequestAsync(stream, ct);
        await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n", ct);
        await stream.WriteAsync(new byte[1000], ct);
        // Holds the connection open (and silent) until the client closes it or the test ends.
        while (await stream.ReadAsync(new byte[1], ct) > 0)
        {
        }
    };

    /// <summary>Reads the request and closes the connection without a word (a FIN): the answer ends before it began.</summary>
    public static Func<NetworkStream, CancellationToken, Task> ClosesAfterRequest() => async (stream, ct) =>
    {
        await ReadRequestAsync(stream, ct);
        stream.Socket.Shutdown(SocketShutdown.Both);
    };

    /// <summary>Reads the request and resets the connection (an RST, as an overloaded server that drops it does).</summary>
    public static Func<NetworkStream, CancellationToken, Task> ResetsAfterRequest() => async (stream, ct) =>
    {
        await ReadRequestAsync(stream, ct);
        Reset(stream);
    };

    /// <summary>Announces 100000 bytes, sends 1000, then resets the connection.</summary>
    public static Func<NetworkStream, CancellationToken, Task> ResetsMidBody() => async (stream, ct) =>
    {
        await ReadRequestAsync(stream, ct);
        await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n", ct);
        await stream.WriteAsync(new byte[1000], ct);
        await stream.FlushAsync(ct);
        Reset(stream);
    };

    /// <summary>Accepts the connection and never answers, until the client gives up.</summary>
    public static Func<NetworkStream, CancellationToken, Task> NeverAnswers() => async (stream, ct) =>
    {
        while (await stream.ReadAsync(new byte[1024], ct) > 0)
        {
        }
    };

    /// <summary>Closes with an RST instead of a FIN: a linger time of zero drops whatever is unsent.</summary>
    private static void Reset(NetworkStream stream)
    {
        stream.Socket.LingerState = new LingerOption(true, 0);
        stream.Socket.Close();
    }

    /// <summary>Reads the request up to its blank line; returns its first line ("GET /path HTTP/1.1").</summary>
    private static async Task<string> ReadRequestAsync(NetworkStream stream, CancellationToken ct)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (received.Count < 4 || !received.TakeLast(4).SequenceEqual("\r\n\r\n"u8.ToArray()))
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0)
            {
                throw new IOException("The client closed the connection before sending a request.");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString(received.ToArray());
        return head[..head.IndexOf("\r\n", StringComparison.Ordinal)];
    }

    private static Task WriteAsync(NetworkStream stream, string text, CancellationToken ct) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct).AsTask();
}
