using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Network;
using AloeOrleans.Grains.Staging.Ftp;

namespace AloeOrleans.Grains.Staging;

/// <summary>
/// Decides, from an exception and its inner exceptions, why an input transfer failed and whether the same transfer may
/// succeed later. Pure: it only reads the exceptions.
/// <list type="bullet">
/// <item>Transient: the server refused, reset or dropped the connection, went silent for the idle limit, answered 5xx,
/// 408, 425 or 429 (or an FTP 4xx); a name lookup failed for now; the host or network was unreachable; an SSH
/// connection failed or broke, or its login was refused (an admin may fix the system's credential).</item>
/// <item>Permanent: any other answer (404, 403, …), an address the network policy refuses, a cap reached, a missing
/// file, a path outside a root, a host name that does not exist, a changed SSH host key, a refused TLS certificate,
/// and anything not recognised.</item>
/// </list>
/// The reason names the innermost causes, never only the HTTP client's generic "An error occurred while sending the
/// request.": that sentence only says there is an inner exception.
/// </summary>
public static class StagingFailureClassifier
{
    /// <summary>
    /// What the HTTP client says when the inner exception holds the cause (the runtime's messages are not localised
    /// here: the service runs with invariant globalization). Any other message of an HTTP failure says something.
    /// </summary>
    private const string GenericHttpFailure = "An error occurred while sending the request.";

    /// <summary>Socket errors that say nothing lasting about the source: the same connection may work a moment later.</summary>
    private static readonly HashSet<SocketError> TransientSocketErrors =
    [
        SocketError.ConnectionRefused, SocketError.ConnectionReset, SocketError.ConnectionAborted, SocketError.TimedOut,
        SocketError.TryAgain, SocketError.NoRecovery, SocketError.HostUnreachable, SocketError.HostDown,
        SocketError.NetworkUnreachable, SocketError.NetworkDown, SocketError.NetworkReset, SocketError.Shutdown,
        SocketError.NotConnected, SocketError.Disconnecting, SocketError.NoBufferSpaceAvailable, SocketError.TooManyOpenSockets,
        SocketError.SystemNotReady, SocketError.ProcessLimit, SocketError.Interrupted, SocketError.OperationAborted,
        SocketError.WouldBlock, SocketError.InProgress, SocketError.AlreadyInProgress, SocketError.IOPending,
    ];

    /// <summary>HTTP request errors that say the answer itself is unusable, whenever it is asked for.</summary>
    private static readonly HashSet<HttpRequestError> PermanentHttpErrors =
    [
        HttpRequestError.InvalidResponse, HttpRequestError.ConfigurationLimitExceeded, HttpRequestError.UserAuthenticationError,
        HttpRequestError.ProxyTunnelError, HttpRequestError.VersionNegotiationError, HttpRequestError.ExtendedConnectNotSupported,
    ];

    /// <summary>Why the transfer failed and whether it may succeed later.</summary>
    public static StagingFailure Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var current in Chain(exception))
        {
            if (ExplainsItself(current) is { } failure)
            {
                return failure;
            }
        }

        if (Find<HttpRequestException>(exception) is { HttpRequestError: var error } && PermanentHttpErrors.Contains(error))
        {
            return StagingFailure.Permanent($"the server's answer could not be used ({Causes(exception)})");
        }

        if (Find<SocketException>(exception) is { } socket)
        {
            return FromSocket(socket.SocketErrorCode, exception);
        }

        return exception switch
        {
            _ when Find<HttpIOException>(exception) is { HttpRequestError: HttpRequestError.ResponseEnded } =>
                StagingFailure.Transient($"the server closed the connection before its answer was complete ({Causes(exception)})"),
            _ when Find<HttpRequestException>(exception) is not null || Find<IOException>(exception) is not null =>
                StagingFailure.Transient($"the connection broke ({Causes(exception)})"),
            _ when Find<TimeoutException>(exception) is not null => StagingFailure.Transient($"the transfer timed out ({Causes(exception)})"),
            OperationCanceledException => StagingFailure.Transient($"the transfer was interrupted ({Causes(exception)})"),
            _ => StagingFailure.Permanent(Causes(exception)),
        };
    }

    /// <summary>
    /// Whether an HTTP answer may be different later: 408 (request timeout), 425 (too early), 429 (too many requests)
    /// and 5xx except 501 (not implemented) and 505 (version not supported). Every other refusal stays.
    /// </summary>
    public static bool IsTransientAnswer(HttpStatusCode statusCode) => (int)statusCode switch
    {
        408 or 425 or 429 => true,
        501 or 505 => false,
        >= 500 and < 600 => true,
        _ => false,
    };

    /// <summary>
    /// The messages of the chain, outermost first, joined with ": ": the HTTP client's generic wrapper sentence is left
    /// out, and a message already quoted by an outer one is not repeated. Socket errors carry their code.
    /// </summary>
    public static string Causes(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var parts = new List<string>();
        foreach (var current in Chain(exception))
        {
            if (current is HttpRequestException { InnerException: not null, Message: GenericHttpFailure })
            {
                continue;
            }

            var text = Sentence(current.Message);
            var code = current is SocketException socket ? $" [{socket.SocketErrorCode}]" : "";
            if (text.Length > 0 && parts.FindIndex(part => part.Contains(text, StringComparison.Ordinal)) is var quoted and >= 0)
            {
                parts[quoted] += code;
            }
            else if (text.Length > 0)
            {
                parts.Add(text + code);
            }
        }

        return parts.Count > 0 ? string.Join(": ", parts) : exception.GetType().Name;
    }

    /// <summary>Failures whose own type decides, wherever they sit in the chain; their message says it all.</summary>
    private static StagingFailure? ExplainsItself(Exception exception) => exception switch
    {
        DestinationRefusedException or TransferLimitException or TreeTooLargeException or PathOutsideRootException
            or SshHostKeyMismatchException or SshEndpointException or FileNotFoundException or DirectoryNotFoundException
            or UnauthorizedAccessException or NotSupportedException => StagingFailure.Permanent(Sentence(exception.Message)),
        ServerSilentException or SshConnectException or SshCommandTimeoutException or SshAuthenticationException =>
            StagingFailure.Transient(Sentence(exception.Message)),
        FtpReplyException ftp => new StagingFailure(Sentence(ftp.Message), ftp.IsTransient),
        // A certificate refused stays refused; a handshake cut off by the network is only a broken connection.
        AuthenticationException { InnerException: not (IOException or SocketException) } =>
            StagingFailure.Permanent($"the TLS handshake failed ({Causes(exception)})"),
        _ => null,
    };

    private static StagingFailure FromSocket(SocketError error, Exception exception)
    {
        var what = error switch
        {
            SocketError.ConnectionRefused => "the server refused the connection",
            SocketError.ConnectionReset => "the server reset the connection",
            SocketError.ConnectionAborted or SocketError.NetworkReset or SocketError.Shutdown or SocketError.NotConnected
                or SocketError.Disconnecting => "the connection was dropped",
            SocketError.TimedOut => "the server did not answer in time",
            SocketError.TryAgain or SocketError.NoRecovery => "the host name could not be resolved for now",
            SocketError.HostNotFound or SocketError.NoData => "the host name does not exist",
            SocketError.HostUnreachable or SocketError.HostDown or SocketError.NetworkUnreachable or SocketError.NetworkDown =>
                "the host cannot be reached",
            _ => "the connection failed",
        };
        return new StagingFailure($"{what} ({Causes(exception)})", TransientSocketErrors.Contains(error));
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    private static T? Find<T>(Exception exception)
        where T : Exception => Chain(exception).OfType<T>().FirstOrDefault();

    /// <summary>The message as part of a sentence: trimmed, without its final full stop (the caller ends the sentence).</summary>
    private static string Sentence(string message) => message.Trim().TrimEnd('.');
}
