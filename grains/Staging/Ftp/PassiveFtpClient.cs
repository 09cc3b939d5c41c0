using System.Net.Sockets;
using System.Text;

namespace AloeOrleans.Grains.Staging.Ftp;

/// <summary>
/// Just enough FTP (RFC 959, passive mode, binary) to download a file, streamed. The data connection always goes to
/// the control connection's host, whatever address a PASV reply names, so a server cannot point the service
/// elsewhere (the classic FTP bounce). Commands never carry CR or LF, so a path cannot smuggle in another command.
/// </summary>
public sealed class PassiveFtpClient : IAsyncDisposable
{
    private readonly TcpClient _control;
    private readonly StreamReader _reader;
    private readonly Stream _stream;
    private readonly string _host;
    private readonly TimeSpan _timeout;

    private PassiveFtpClient(TcpClient control, string host, TimeSpan timeout)
    {
        _control = control;
        _host = host;
        _timeout = timeout;
        _stream = control.GetStream();
        _reader = new StreamReader(_stream, Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>Connects and logs in; throws <see cref="IOException"/> with the server's words when it refuses.</summary>
    public static async Task<PassiveFtpClient> ConnectAsync(string host, int port, string user, string password, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var control = new TcpClient();
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(timeout);
                await control.ConnectAsync(host, port, connect.Token);
            }

            var client = new PassiveFtpClient(control, host, timeout);
            await client.ExpectAsync(null, cancellationToken, 220);
            var login = await client.CommandAsync($"USER {user}", cancellationToken);
            if (login.Code == 331)
            {
                login = await client.CommandAsync($"PASS {password}", cancellationToken);
            }

            Require(login, "log in", 230);
            Require(await client.CommandAsync("TYPE I", cancellationToken), "switch to binary mode", 200);
            return client;
        }
        catch
        {
            control.Dispose();
            throw;
        }
    }

    /// <summary>Downloads <paramref name="path"/> into <paramref name="destination"/>; returns the bytes copied.</summary>
    public async Task<long> DownloadAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        var dataPort = await OpenPassivePortAsync(cancellationToken);
        using var data = new TcpClient();
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connect.CancelAfter(_timeout);
            await data.ConnectAsync(_host, dataPort, connect.Token);
        }

        var started = await CommandAsync($"RETR {path}", cancellationToken);
        if (!started.IsPositivePreliminary)
        {
            throw new IOException($"The FTP server refused to send '{path}': {started.Code} {started.Text}");
        }

        long bytes;
        await using (var dataStream = data.GetStream())
        {
            var before = destination.CanSeek ? destination.Position : 0;
            await dataStream.CopyToAsync(destination, cancellationToken);
            bytes = destination.CanSeek ? destination.Position - before : -1;
        }

        Require(await ExpectAsync(null, cancellationToken), $"finish sending '{path}'", 226, 250);
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await CommandAsync("QUIT", quit.Token);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException)
        {
            // The session is over either way.
        }

        _reader.Dispose();
        _control.Dispose();
    }

    private async Task<int> OpenPassivePortAsync(CancellationToken cancellationToken)
    {
        var extended = await CommandAsync("EPSV", cancellationToken);
        if (extended.Code == 229 && extended.ExtendedPassivePort() is { } extendedPort)
        {
            return extendedPort;
        }

        var passive = await CommandAsync("PASV", cancellationToken);
        return passive.Code == 227 && passive.PassivePort() is { } port
            ? port
            : throw new IOException($"The FTP server did not open a passive data port: {passive.Code} {passive.Text}");
    }

    private async Task<FtpReply> CommandAsync(string command, CancellationToken cancellationToken)
    {
        if (command.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("FTP commands cannot contain line breaks.", nameof(command));
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), cancellationToken);
        return await ExpectAsync(null, cancellationToken);
    }

    private async Task<FtpReply> ExpectAsync(string? what, CancellationToken cancellationToken, params int[] codes)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var reply = await FtpReply.ReadAsync(async () => await _reader.ReadLineAsync(deadline.Token));
        return codes.Length == 0 ? reply : Require(reply, what ?? "answer", codes);
    }

    private static FtpReply Require(FtpReply reply, string what, params int[] codes) =>
        codes.Contains(reply.Code) ? reply : throw new IOException($"The FTP server did not {what}: {reply.Code} {reply.Text}");
}
