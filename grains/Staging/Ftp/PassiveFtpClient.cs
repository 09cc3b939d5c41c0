using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AloeOrleans.Grains.Network;

namespace AloeOrleans.Grains.Staging.Ftp;

/// <summary>
/// Just enough FTP (RFC 959, passive mode, binary) to download a file, streamed. The control connection goes through
/// the <see cref="CheckedConnector"/> (the host's addresses checked, then one of them connected to); the data
/// connection always goes to the address the control connection is connected to, whatever address a PASV reply names
/// and whatever the host name resolves to by then, so a server can point the service neither elsewhere (the classic
/// FTP bounce) nor, through DNS, at another host. Replies are bounded in line length and size, the download in time
/// and in time without data (<see cref="FtpLimits"/>). Commands never carry CR or LF, so a path cannot smuggle in another command.
/// </summary>
public sealed class PassiveFtpClient : IAsyncDisposable
{
    private readonly Socket control;
    private readonly NetworkStream stream;
    private readonly FtpLineReader lines;
    private readonly CheckedConnector connector;
    private readonly FtpLimits limits;
    private readonly IPAddress peer;

    private PassiveFtpClient(Socket control, CheckedConnector connector, FtpLimits limits)
    {
        this.control = control;
        this.connector = connector;
        this.limits = limits;
        peer = ((IPEndPoint)control.RemoteEndPoint!).Address;
        stream = new NetworkStream(control, ownsSocket: false);
        lines = new FtpLineReader(stream, limits.MaxReplyLineBytes);
    }

    /// <summary>Connects and logs in; throws <see cref="FtpReplyException"/> with the server's words when it refuses.</summary>
    /// <exception cref="DestinationRefusedException">The network policy refuses the host; nothing was connected to.</exception>
    /// <exception cref="TransferLimitException">A reply broke a limit of <paramref name="limits"/>.</exception>
    /// <exception cref="ServerSilentException">The server did not accept the connection or answer within <see cref="FtpLimits.ReplyTimeout"/>.</exception>
    public static async Task<PassiveFtpClient> ConnectAsync(CheckedConnector connector, string host, int port, string user, string password,
        FtpLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(limits);
        var socket = await WithinReplyTimeoutAsync(limits, "accept the connection",
            token => connector.ConnectAsync(host, port, token), cancellationToken);
        var client = new PassiveFtpClient(socket, connector, limits);
        try
        {
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
            await client.DisposeConnectionAsync();
            throw;
        }
    }

    /// <summary>
    /// Downloads <paramref name="path"/> into <paramref name="destination"/>, every byte counted against
    /// <paramref name="budget"/>; returns the bytes copied.
    /// </summary>
    /// <exception cref="TransferLimitException">The download took too long or brought more than the budget allows.</exception>
    /// <exception cref="ServerSilentException">The server stopped answering or sending.</exception>
    public async Task<long> DownloadAsync(string path, Stream destination, InputByteBudget budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var transfer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        transfer.CancelAfter(limits.TransferTimeout);
        try
        {
            return await TransferAsync(path, destination, budget, transfer.Token);
        }
        catch (OperationCanceledException) when (transfer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TransferLimitException(string.Create(CultureInfo.InvariantCulture,
                $"the FTP download took longer than {limits.TransferTimeout.TotalSeconds:0.###} s, the limit set by Aloe:Staging:FtpTransferTimeout"));
        }
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

        await DisposeConnectionAsync();
    }

    private async Task<long> TransferAsync(string path, Stream destination, InputByteBudget budget, CancellationToken cancellationToken)
    {
        var dataPort = await OpenPassivePortAsync(cancellationToken);
        using var data = await WithinReplyTimeoutAsync(limits, "accept the data connection",
            token => connector.ConnectAsync(peer, dataPort, token), cancellationToken);
        var started = await CommandAsync($"RETR {path}", cancellationToken);
        if (!started.IsPositivePreliminary)
        {
            throw new FtpReplyException($"The FTP server refused to send '{path}': {started.Code} {Clip(started.Text)}", started.Code);
        }

        long bytes;
        await using (var received = new MeteredReadStream(new NetworkStream(data, ownsSocket: false), budget, limits.IdleTimeout))
        {
            var before = budget.Used;
            await received.CopyToAsync(destination, cancellationToken);
            bytes = budget.Used - before;
        }

        Require(await ExpectAsync(null, cancellationToken), $"finish sending '{path}'", 226, 250);
        return bytes;
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
            : throw new FtpReplyException($"The FTP server did not open a passive data port: {passive.Code} {Clip(passive.Text)}", passive.Code);
    }

    private async Task<FtpReply> CommandAsync(string command, CancellationToken cancellationToken)
    {
        if (command.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("FTP commands cannot contain line breaks.", nameof(command));
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), cancellationToken);
        return await ExpectAsync(null, cancellationToken);
    }

    private async Task<FtpReply> ExpectAsync(string? what, CancellationToken cancellationToken, params int[] codes)
    {
        var reply = await WithinReplyTimeoutAsync(limits, "answer",
            token => FtpReply.ReadAsync(() => lines.ReadLineAsync(token), limits.MaxReplyBytes), cancellationToken);
        return codes.Length == 0 ? reply : Require(reply, what ?? "answer", codes);
    }

    /// <summary>Runs one step (a connect, a reply) under <see cref="FtpLimits.ReplyTimeout"/>; running out of it is a limit, named.</summary>
    private static async Task<T> WithinReplyTimeoutAsync<T>(FtpLimits limits, string what, Func<CancellationToken, Task<T>> step,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.ReplyTimeout);
        try
        {
            return await step(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ServerSilentException(string.Create(CultureInfo.InvariantCulture,
                $"the FTP server did not {what} within {limits.ReplyTimeout.TotalSeconds:0.###} s, the limit set by Aloe:Staging:FtpTimeout"));
        }
    }

    private async ValueTask DisposeConnectionAsync()
    {
        await stream.DisposeAsync();
        control.Dispose();
    }

    private static FtpReply Require(FtpReply reply, string what, params int[] codes) =>
        codes.Contains(reply.Code) ? reply : throw new FtpReplyException($"The FTP server did not {what}: {reply.Code} {Clip(reply.Text)}", reply.Code);

    /// <summary>At most 200 characters of a server's words in a message: a reply may be 64 KiB.</summary>
    private static string Clip(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
