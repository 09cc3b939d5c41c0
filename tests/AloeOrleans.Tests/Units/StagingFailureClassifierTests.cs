using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Network;
using AloeOrleans.Grains.Staging;
using AloeOrleans.Grains.Staging.Ftp;
using Xunit;

namespace AloeOrleans.Tests.Units;

/// <summary>
/// Every class of staging failure, as the HTTP client, the sockets, the FTP client and SSH raise it: transient or
/// permanent, and a reason that names the underlying cause rather than the HTTP client's generic sentence.
/// </summary>
public sealed class StagingFailureClassifierTests
{
    private const string Generic = "An error occurred while sending the request.";

    private static readonly SshEndpoint Endpoint = new()
    {
        SystemId = "hpc", Host = "login.example.org", Username = "u", AuthKind = SshAuthKind.PrivateKey, HostKeyFingerprint = "SHA256:abc",
    };

    public static TheoryData<string, Exception, bool, string> Failures() => new()
    {
        {
            "connection refused", new HttpRequestException(HttpRequestError.ConnectionError, Generic, new SocketException((int)SocketError.ConnectionRefused)),
            true, "the server refused the connection (Connection refused [ConnectionRefused])"
        },
        {
            "connection reset while reading", new HttpRequestException(HttpRequestError.Unknown, Generic,
                new IOException("Unable to read data from the transport connection: Connection reset by peer.", new SocketException((int)SocketError.ConnectionReset))),
            true, "the server reset the connection (Unable to read data from the transport connection: Connection reset by peer [ConnectionReset])"
        },
        {
            "a body cut off mid-transfer", new IOException("Unable to read data from the transport connection: Connection reset by peer.",
                new SocketException((int)SocketError.ConnectionReset)),
            true, "the server reset the connection"
        },
        {
            "connection closed before the answer", new HttpRequestException(HttpRequestError.ResponseEnded, Generic,
                new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely.")),
            true, "the server closed the connection before its answer was complete (The response ended prematurely. (ResponseEnded))"
        },
        {
            "connect timed out", new HttpRequestException(HttpRequestError.ConnectionError, Generic, new SocketException((int)SocketError.TimedOut)),
            true, "the server did not answer in time"
        },
        {
            "temporary DNS failure", new HttpRequestException(HttpRequestError.NameResolutionError, Generic, new SocketException((int)SocketError.TryAgain)),
            true, "the host name could not be resolved for now"
        },
        {
            "unknown host", new HttpRequestException(HttpRequestError.NameResolutionError, Generic, new SocketException((int)SocketError.HostNotFound)),
            false, "the host name does not exist"
        },
        { "network unreachable (FTP connect)", new SocketException((int)SocketError.NetworkUnreachable), true, "the host cannot be reached" },
        { "access denied by the host", new SocketException((int)SocketError.AccessDenied), false, "the connection failed" },
        {
            "an address the policy refuses", new HttpRequestException(HttpRequestError.ConnectionError, Generic,
                new DestinationRefusedException("10.0.0.1", new AddressVerdict(IPAddress.Parse("10.0.0.1"), AddressClass.Private, null, IsAllowed: false),
                    "Aloe:Staging:AllowedNetworks")),
            false, "Aloe:Staging:AllowedNetworks"
        },
        { "a cap reached", new TransferLimitException("the inputs exceed 10 bytes, the limit set by Aloe:Staging:MaxInputBytesPerJob"), false, "MaxInputBytesPerJob" },
        { "a silent server", new ServerSilentException("the server sent nothing for 2 s, the limit set by Aloe:Staging:IdleTimeout"), true, "sent nothing for 2 s" },
        { "a directory too large", new TreeTooLargeException("/data", 3), false, "more than 3 files" },
        { "a path outside the root", new PathOutsideRootException("../x", "leaves the root"), false, "Path '../x' is not allowed: it leaves the root" },
        { "a missing file", new FileNotFoundException("/data/in.txt does not exist on system store"), false, "does not exist on system store" },
        { "permission denied", new UnauthorizedAccessException("permission denied for /data/in.txt on system store"), false, "permission denied" },
        { "FTP 421 service not available", new FtpReplyException("The FTP server did not log in: 421 Too many users", 421), true, "421 Too many users" },
        { "FTP 550 no such file", new FtpReplyException("The FTP server refused to send '/x': 550 No such file", 550), false, "550 No such file" },
        { "FTP server closed the connection", new IOException("The FTP server closed the connection."), true, "the connection broke (The FTP server closed the connection)" },
        { "SSH host down", new SshConnectException("could not connect to login.example.org:22 (system hpc): ConnectionRefused"), true, "could not connect" },
        {
            "SSH connection lost mid-transfer", new SshConnectException("the connection to h:22 (system hpc) was lost: Socket closed", new SocketException((int)SocketError.ConnectionReset)),
            true, "was lost: Socket closed"
        },
        { "SSH login refused (a credential an admin can fix)", new SshAuthenticationException(Endpoint, "the server answered \"Permission denied\""), true, "SSH login as u" },
        { "SSH host key changed", new SshHostKeyMismatchException(Endpoint, "SHA256:other"), false, "the host key changed" },
        { "SSH command timeout", new SshCommandTimeoutException(Endpoint, "an SFTP request", TimeSpan.FromSeconds(30)), true, "did not finish within 30 s" },
        {
            "a TLS certificate refused", new HttpRequestException(HttpRequestError.SecureConnectionError, Generic,
                new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot")),
            false, "the TLS handshake failed (The remote certificate is invalid"
        },
        {
            "a TLS handshake cut off", new HttpRequestException(HttpRequestError.SecureConnectionError, Generic,
                new AuthenticationException("Authentication failed because the remote party sent a TLS alert", new IOException("Received an unexpected EOF or 0 bytes from the transport stream."))),
            true, "unexpected EOF"
        },
        { "an invalid HTTP answer", new HttpRequestException(HttpRequestError.InvalidResponse, "Received an invalid status line: 'garbage'."), false, "invalid status line" },
        {
            "an invalid HTTP answer explained by its inner exception", new HttpRequestException(HttpRequestError.InvalidResponse,
                "Received an invalid status line: 'HTTP/1.1 500 Bad'.", new FormatException("The reason phrase must not contain new-line or NUL characters.")),
            false, "(Received an invalid status line: 'HTTP/1.1 500 Bad': The reason phrase must not contain new-line or NUL characters)"
        },
        { "a LOCAL system the operator did not define", new NotSupportedException("System 'x' uses LOCAL storage but was not defined by the operator"), false, "System 'x' uses LOCAL storage" },
        { "interrupted without a reason", new OperationCanceledException("The operation was canceled."), true, "the transfer was interrupted" },
        { "anything else", new InvalidOperationException("something unexpected"), false, "something unexpected" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_failure_is_classified_and_named_by_its_cause(string what, Exception exception, bool transient, string expected)
    {
        var failure = StagingFailureClassifier.Classify(exception);

        Assert.True(failure.IsTransient == transient, $"{what}: classified {(failure.IsTransient ? "transient" : "permanent")}: {failure.Reason}");
        Assert.Contains(expected, failure.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Generic, failure.Reason, StringComparison.Ordinal);
        Assert.False(failure.Reason.EndsWith('.'), $"{what}: the reason ends a sentence the exception's message completes: {failure.Reason}");
    }

    [Fact]
    public void The_generic_sentence_stays_when_it_is_all_there_is()
    {
        var failure = StagingFailureClassifier.Classify(new HttpRequestException(Generic));

        Assert.True(failure.IsTransient);
        Assert.Contains("An error occurred while sending the request", failure.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData((HttpStatusCode)425, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Gone, false)]
    [InlineData(HttpStatusCode.NotImplemented, false)]
    [InlineData(HttpStatusCode.HttpVersionNotSupported, false)]
    [InlineData(HttpStatusCode.Found, false)]
    public void An_http_answer_is_transient_only_when_the_server_may_answer_otherwise_later(HttpStatusCode status, bool transient) =>
        Assert.Equal(transient, StagingFailureClassifier.IsTransientAnswer(status));

    [Fact]
    public void Causes_list_every_level_once_outermost_first()
    {
        var exception = new SshConnectException("the connection to h:22 (system s) was lost: An existing connection was forcibly closed",
            new InvalidOperationException("An existing connection was forcibly closed", new SocketException((int)SocketError.ConnectionReset)));

        Assert.Equal("the connection to h:22 (system s) was lost: An existing connection was forcibly closed: Connection reset by peer [ConnectionReset]",
            StagingFailureClassifier.Causes(exception));
    }
}
