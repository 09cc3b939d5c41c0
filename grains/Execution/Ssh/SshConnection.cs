using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>
/// One pooled connection to an endpoint: an SSH session for commands (opened when leased first) and, on first SFTP use,
/// an SFTP session next to it. Host key checked on every session; errors mapped to messages without secrets.
/// </summary>
internal sealed class SshConnection : IDisposable
{
    private readonly SshOptions options;
    private readonly Action<bool> sessionOpened;
    private readonly List<IDisposable> keys = [];
    private SshClient? ssh;
    private SftpClient? sftp;
    private bool disposed;

    private SshConnection(SshEndpoint endpoint, SshOptions options, Action<bool> sessionOpened)
    {
        Endpoint = endpoint;
        this.options = options;
        this.sessionOpened = sessionOpened;
    }

    public SshEndpoint Endpoint { get; }

    /// <summary>Set when an operation saw the connection fail; the pool closes it instead of reusing it.</summary>
    public bool Broken { get; set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last return to the pool.</summary>
    public long LastReturned { get; set; }

    /// <summary>Usable without reconnecting: not broken and every session opened so far still connected.</summary>
    public bool IsHealthy =>
        !disposed && !Broken && (ssh is null || ssh.IsConnected) && (sftp is null || sftp.IsConnected) && (ssh ?? (BaseClient?)sftp) is not null;

    public static async Task<SshConnection> OpenAsync(SshEndpoint endpoint, SshOptions options, Action<bool> sessionOpened, CancellationToken cancellationToken)
    {
        var connection = new SshConnection(endpoint, options, sessionOpened);
        try
        {
            await connection.GetSshAsync(cancellationToken);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async ValueTask<SshClient> GetSshAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (ssh is { IsConnected: true })
        {
            return ssh;
        }
        // A session that dropped between operations is replaced here, before anything is sent on it.
        var replaced = ssh is not null;
        Close(ssh);
        ssh = null;
        ssh = await ConnectAsync(info => new SshClient(info), replaced, cancellationToken);
        return ssh;
    }

    public async ValueTask<SftpClient> GetSftpAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (sftp is { IsConnected: true })
        {
            return sftp;
        }
        var replaced = sftp is not null;
        Close(sftp);
        sftp = null;
        sftp = await ConnectAsync(info =>
        {
            var client = new SftpClient(info);
            if (options.SftpRequestTimeout > TimeSpan.Zero && options.SftpRequestTimeout.TotalMilliseconds < int.MaxValue)
            {
                client.OperationTimeout = options.SftpRequestTimeout;
            }
            return client;
        }, replaced, cancellationToken);
        return sftp;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        Close(sftp);
        Close(ssh);
        foreach (var key in keys)
        {
            key.Dispose();
        }
        keys.Clear();
    }

    private static void Close(BaseClient? client)
    {
        if (client is null)
        {
            return;
        }
        try
        {
            if (client.IsConnected)
            {
                client.Disconnect();
            }
        }
        catch (Exception ex) when (ex is SshException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Closing a connection that already failed: nothing more to do.
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task<T> ConnectAsync<T>(Func<ConnectionInfo, T> create, bool replacing, CancellationToken cancellationToken)
        where T : BaseClient
    {
        var endpoint = Endpoint;
        var client = create(CreateConnectionInfo());
        string? presented = null;
        var trusted = false;
        client.HostKeyReceived += (_, e) =>
        {
            presented = e.FingerPrintSHA256;
            trusted = HostKeyFingerprints.Matches(endpoint.HostKeyFingerprint, e.FingerPrintSHA256);
            e.CanTrust = trusted;
        };
        if (options.KeepAliveInterval > TimeSpan.Zero)
        {
            client.KeepAliveInterval = options.KeepAliveInterval;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await client.ConnectAsync(timeout.Token);
            sessionOpened(replacing);
            return client;
        }
        catch (Exception ex)
        {
            client.Dispose();
            if (presented is not null && !trusted)
            {
                throw new SshHostKeyMismatchException(endpoint, presented);
            }
            switch (ex)
            {
                case Renci.SshNet.Common.SshAuthenticationException auth:
                    throw new SshAuthenticationException(endpoint, $"the server answered \"{auth.Message.TrimEnd('.')}\"");
                case OperationCanceledException when cancellationToken.IsCancellationRequested:
                    throw;
                case OperationCanceledException or SshOperationTimeoutException or TimeoutException:
                    throw new SshConnectException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"connecting to {endpoint.Host}:{endpoint.Port} (system {endpoint.SystemId}) timed out after " +
                        $"{options.ConnectTimeout.TotalSeconds:0.###} s (Aloe:Ssh:ConnectTimeout)"), ex);
                case SocketException socket:
                    throw new SshConnectException(
                        $"could not connect to {endpoint.Host}:{endpoint.Port} (system {endpoint.SystemId}): {socket.SocketErrorCode}", ex);
                case SshException:
                    throw new SshConnectException(
                        $"the SSH connection to {endpoint.Host}:{endpoint.Port} (system {endpoint.SystemId}) failed: {ex.Message}", ex);
                default:
                    throw;
            }
        }
    }

    private ConnectionInfo CreateConnectionInfo()
    {
        AuthenticationMethod method;
        if (Endpoint.AuthKind == SshAuthKind.Password)
        {
            method = new PasswordAuthenticationMethod(Endpoint.Username, Endpoint.Password ?? "");
        }
        else
        {
            PrivateKeyFile key;
            try
            {
                using var text = new MemoryStream(Encoding.UTF8.GetBytes(Endpoint.PrivateKey ?? ""));
                key = new PrivateKeyFile(text);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The parser's message or inner exceptions could quote the key: none of it is kept.
                throw new SshAuthenticationException(Endpoint,
                    "its private key could not be read (an unencrypted OpenSSH or PEM private key is expected)");
            }
            keys.Add(key);
            method = new PrivateKeyAuthenticationMethod(Endpoint.Username, key);
        }
        if (method is IDisposable disposable)
        {
            keys.Add(disposable);
        }
        return new ConnectionInfo(Endpoint.Host, Endpoint.Port, Endpoint.Username, method)
        {
            Timeout = options.ConnectTimeout,
        };
    }
}
