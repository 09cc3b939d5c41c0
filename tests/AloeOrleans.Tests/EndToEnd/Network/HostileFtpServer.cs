using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AloeOrleans.Tests.EndToEnd.Network;

/// <summary>
/// An FTP server (passive mode only, EPSV refused so the PASV reply's address counts) on one loopback address, with
/// a data connection listener on the same address. It can lie in its PASV reply (<c>announcedAddress</c>), send a
/// greeting line that never ends, and send the file as its <c>sendData</c> script says (e.g. stall, or trickle).
/// </summary>
public sealed class HostileFtpServer : IAsyncDisposable
{
    private readonly ScriptedTcpServer control;
    private readonly TcpListener data;
    private int dataConnections;

    private HostileFtpServer(IPAddress address, IPAddress? announcedAddress, bool endlessGreeting, Func<NetworkStream, CancellationToken, Task> sendData)
    {
        data = new TcpListener(address, 0);
        data.Start();
        DataPort = ((IPEndPoint)data.LocalEndpoint).Port;
        var announced = (announcedAddress ?? address).GetAddressBytes();
        var passive = $"227 Entering Passive Mode ({string.Join(',', announced)},{DataPort / 256},{DataPort % 256})";
        control = ScriptedTcpServer.Start(address, (stream, ct) => endlessGreeting ? EndlessGreetingAsync(stream, ct) : SessionAsync(stream, passive, sendData, ct));
    }

    public int Port => control.Port;

    /// <summary>Control connections accepted so far.</summary>
    public int Connections => control.Connections;

    public int DataPort { get; }

    public int DataConnections => Volatile.Read(ref dataConnections);

    public string Url(string path) => $"ftp://{control.Authority}/{path}";

    public static HostileFtpServer Start(IPAddress address, Func<NetworkStream, CancellationToken, Task> sendData, IPAddress? announcedAddress = null) =>
        new(address, announcedAddress, endlessGreeting: false, sendData);

    /// <summary>A server whose greeting is one line that never ends.</summary>
    public static HostileFtpServer StartEndlessGreeting(IPAddress address) => new(address, null, endlessGreeting: true, (_, _) => Task.CompletedTask);

    /// <summary>Sends <paramref name="content"/> and closes the data connection.</summary>
    public static Func<NetworkStream, CancellationToken, Task> Sends(byte[] content) => (stream, ct) => stream.WriteAsync(content, ct).AsTask();

    /// <summary>Sends 1000 bytes, then nothing, holding the data connection open.</summary>
    public static Func<NetworkStream, CancellationToken, Task> Stalls() => async (stream, ct) =>
    {
        await stream.WriteAsync(new byte[1000], ct);
        while (await stream.ReadAsync(new byte[1], ct) > 0)
        {
        }
    };

    /// <summary>Sends one byte every <paramref name="interval"/>, forever: never idle, never done.</summary>
    public static Func<NetworkStream, CancellationToken, Task> Trickles(TimeSpan interval) => async (stream, ct) =>
    {
        while (true)
        {
            await stream.WriteAsync(new byte[1], ct);
            await Task.Delay(interval, ct);
        }
    };

    public async ValueTask DisposeAsync()
    {
        await control.DisposeAsync();
        data.Stop();
    }

    private static async Task EndlessGreetingAsync(NetworkStream stream, CancellationToken ct)
    {
        await stream.WriteAsync("220-"u8.ToArray(), ct);
        var chunk = Encoding.ASCII.GetBytes(new string('x', 4096));
        while (true)
        {
            await stream.WriteAsync(chunk, ct);
        }
    }

    private async Task SessionAsync(NetworkStream stream, string passive, Func<NetworkStream, CancellationToken, Task> sendData, CancellationToken ct)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        await ReplyAsync(stream, "220 hostile ftp", ct);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "USER":
                    await ReplyAsync(stream, "331 password please", ct);
                    break;
                case "PASS":
                    await ReplyAsync(stream, "230 logged in", ct);
                    break;
                case "TYPE":
                    await ReplyAsync(stream, "200 binary", ct);
                    break;
                case "PASV":
                    await ReplyAsync(stream, passive, ct);
                    break;
                case "RETR":
                    await ReplyAsync(stream, "150 here it comes", ct);
                    using (var accept = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        accept.CancelAfter(TimeSpan.FromSeconds(30));
                        using var socket = await data.AcceptSocketAsync(accept.Token);
                        Interlocked.Increment(ref dataConnections);
                        await using var dataStream = new NetworkStream(socket, ownsSocket: false);
                        await sendData(dataStream, ct);
                    }

                    await ReplyAsync(stream, "226 done", ct);
                    break;
                case "QUIT":
                    await ReplyAsync(stream, "221 bye", ct);
                    return;
                default:
                    // EPSV included: the client must fall back to PASV, whose address this server may lie about.
                    await ReplyAsync(stream, "502 not here", ct);
                    break;
            }
        }
    }

    private static Task ReplyAsync(NetworkStream stream, string line, CancellationToken ct) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), ct).AsTask();
}
