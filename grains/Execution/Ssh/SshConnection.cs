using System.Net.Sockets;
using AloeOrleans.Grains.Network;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>
/// One pooled connection to an endpoint: an SSH session for commands (opened when leased first) and, on first SFTP use,
/// an SFTP session next to it. Before every session the host is resolved and checked against
/// <see cref="SshOptions.AllowedNetworks"/>, and the session connects to the checked address itself (never to a name
/// that could resolve elsewhere by then). Host key checked on every session; errors mapped to messages without secrets.
/// </summary>
internal sealed class SshConnection : IDisposable
{
    private readonly SshOptions options;
    private readonly CheckedConnector connector;
    private readonly Action<bool> sessionOpened;
    private readonly List<IDisposable> keys = [];
    private SshClient? ssh;
    private SftpClient? sftp;
    private bool disposed;

    private SshConnection(SshEndpoint endpoint, SshOptions options, CheckedConnector connector, Action<bool> sessionOpened)
    {
        Endpoint = endpoint;
        this.options = options;
        this.connector = connector;
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

    public static async Task<SshConnection> OpenAsync(SshEndpoint endpoint, SshOptions options, CheckedConnector connector, Action<bool> sessionOpened,
        CancellationToken cancellationToken)
    {
        var connection = new SshConnection(endpoint, options, connector, sessionOpened);
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
        var address = await CheckedAddressAsync(cancellationToken);
        var client = create(CreateConnectionInfo(address));
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
                    throw new SshConnectException(endpoint, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"connecting to {endpoint.Host}:{endpoint.Port} (system {endpoint.SystemId}) timed out after " +
                        $"{options.ConnectTimeout.TotalSeconds:0.###} s (Aloe:Ssh:ConnectTimeout)"), ex);
                case SocketException socket:
                    throw new SshConnectException(endpoint,
                        $"could not connect to {endpoint.Host}:{endpoint.Port} (system {endpoint.SystemId}): {socket.SocketErrorCode}", ex);
                case SshException:
                    throw new SshConnectException(endpoint,
                        $"the SSH connection to {endpoint.Host}:{endpoint.Port} (system {endpoint.SystemId}) failed: {ex.Message}", ex);
                default:
                    throw;
            }
        }
    }

    /// <summary>The first address of the endpoint's host, every one of them allowed by the network policy.</summary>
    /// <exception cref="DestinationRefusedException">An address of the host is refused; the message names Aloe:Ssh:AllowedNetworks.</exception>
    private async Task<string> CheckedAddressAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            return (await connector.ResolveAsync(Endpoint.Host, timeout.Token))[0].ToString();
        }
        catch (DestinationRefusedException refused)
        {
            throw new DestinationRefusedException(refused.Host, refused.Verdict, refused.SettingName,
                $"the SSH host '{refused.Host}' of system '{Endpoint.SystemId}'");
        }
        catch (SocketException socket)
        {
            throw new SshConnectException(Endpoint, $"could not resolve {Endpoint.Host} (system {Endpoint.SystemId}): {socket.SocketErrorCode}", socket);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SshConnectException(Endpoint, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"resolving {Endpoint.Host} (system {Endpoint.SystemId}) timed out after {options.ConnectTimeout.TotalSeconds:0.###} s (Aloe:Ssh:ConnectTimeout)"));
        }
    }

    private ConnectionInfo CreateConnectionInfo(string address)
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
        // The checked address, not the name: the host key (checked by fingerprint) proves who answers.
        return new ConnectionInfo(address, Endpoint.Port, Endpoint.Username, method)
        {
            Timeout = options.ConnectTimeout,
        };
    }
}
