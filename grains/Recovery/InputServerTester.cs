using System.Globalization;
using System.Net.Sockets;
using AloeOrleans.Grains.Network;
using AloeOrleans.Grains.Staging;
using AloeOrleans.Grains.Staging.Ftp;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// Whether the server of an http(s) or ftp input answers again (<see cref="RecoveryTester.InputServer"/>): a HEAD of the
/// http(s) server's root answered with anything but a status that says "later" (5xx but 501/505, 408, 425, 429), or an ftp
/// server's greeting 220. It connects only through <see cref="StagingNetwork"/>, the inputs' own connector and client, so
/// it reaches exactly what staging may reach (<c>Aloe:Staging:AllowedNetworks</c>, docs/security.md "Network") and is no
/// way to probe other addresses; a refused address is reported as refused, nothing is connected to. It never sends a
/// path, a query or a credential of any input: the group's parameters hold none.
/// </summary>
public sealed class InputServerTester(StagingNetwork network, IOptions<StagingOptions> stagingOptions)
{
    /// <summary>Tests <paramref name="server"/> (<c>scheme://host:port</c>); the caller bounds the time with <paramref name="cancellationToken"/>.</summary>
    public async Task<RecoveryTestResult> TestAsync(string server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ftp") || uri.Host.Length == 0)
        {
            return new RecoveryTestResult(false, $"'{server}' is not the server of an http(s) or ftp input");
        }

        try
        {
            return uri.Scheme == "ftp"
                ? await GreetingAsync(server, uri, cancellationToken)
                : await HeadAsync(server, uri, cancellationToken);
        }
        catch (DestinationRefusedException refused)
        {
            return new RecoveryTestResult(false, refused.Message);
        }
        catch (Exception exception) when (exception is SocketException or IOException or HttpRequestException or TransferLimitException
                                              or FtpReplyException or System.Security.Authentication.AuthenticationException)
        {
            return new RecoveryTestResult(false, $"{server} does not answer: {StagingFailureClassifier.Causes(exception)}");
        }
    }

    private async Task<RecoveryTestResult> HeadAsync(string server, Uri uri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new UriBuilder(uri.Scheme, uri.Host, uri.Port, "/").Uri);
        using var response = await network.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {response.ReasonPhrase}").TrimEnd();
        return StagingFailureClassifier.IsTransientAnswer(response.StatusCode)
            ? new RecoveryTestResult(false, $"{server} answered HEAD / with {status}")
            : new RecoveryTestResult(true, $"{server} answered HEAD / with {status}");
    }

    private async Task<RecoveryTestResult> GreetingAsync(string server, Uri uri, CancellationToken cancellationToken)
    {
        var limits = FtpLimits.From(stagingOptions.Value);
        using var socket = await network.Connector.ConnectAsync(uri.Host, uri.Port, cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var lines = new FtpLineReader(stream, limits.MaxReplyLineBytes);
        var greeting = await FtpReply.ReadAsync(() => lines.ReadLineAsync(cancellationToken), limits.MaxReplyBytes);
        var said = string.Create(CultureInfo.InvariantCulture, $"{greeting.Code} {Shorten(greeting.Text)}").TrimEnd();
        return greeting.Code == 220
            ? new RecoveryTestResult(true, $"{server} greeted with {said}")
            : new RecoveryTestResult(false, $"{server} greeted with {said}, not 220 (ready)");
    }

    /// <summary>A server's words in a note: one line, at most 200 characters.</summary>
    private static string Shorten(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
