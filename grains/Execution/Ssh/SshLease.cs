using System.Diagnostics;
using System.Net.Sockets;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;
using AloeOrleans.Grains.Telemetry;

namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>
/// One pooled connection, the caller's alone until disposed (then it goes back to the pool, or is closed if it broke).
/// Not for concurrent use. Remote paths are taken as given (already resolved by the caller); any value put into a
/// command line must be quoted with <see cref="ShellQuoting.Quote"/> by the caller.
/// </summary>
public sealed class SshLease : IAsyncDisposable
{
    private readonly SshConnectionPool pool;
    private readonly SshEndpointSlots slots;
    private readonly SshConnection connection;
    private readonly SshOptions options;
    private int returned;

    internal SshLease(SshConnectionPool pool, SshEndpointSlots slots, SshConnection connection, SshOptions options, SshEndpoint endpoint)
    {
        this.pool = pool;
        this.slots = slots;
        this.connection = connection;
        this.options = options;
        Endpoint = endpoint;
    }

    /// <summary>
    /// The endpoint this lease was asked for. Connections are shared by every endpoint with the same host, port, user
    /// and credential, so it may differ from the one that opened the connection; failures name this one.
    /// </summary>
    public SshEndpoint Endpoint { get; }

    /// <summary>Runs <paramref name="command"/> in the login shell; fails after <see cref="SshOptions.CommandTimeout"/>.</summary>
    /// <exception cref="SshCommandTimeoutException">The command did not finish in time (the connection stays usable).</exception>
    public async Task<SshCommandResult> RunAsync(string command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        // A span per remote command, without the command text: it may carry paths and job names (docs/operations.md).
        using var span = AloeTelemetry.Source.StartActivity("ssh command", ActivityKind.Client);
        span?.SetTag("server.address", Endpoint.Host);
        span?.SetTag("server.port", Endpoint.Port);
        var client = await Guard(() => connection.GetSshAsync(cancellationToken).AsTask(), cancellationToken);
        using var ssh = client.CreateCommand(command);
        ssh.CommandTimeout = options.CommandTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CommandTimeout);
        try
        {
            await ssh.ExecuteAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SshOperationTimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw new SshCommandTimeoutException(Endpoint, "a command", options.CommandTimeout);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            throw Lost(ex);
        }
        span?.SetTag("process.exit.code", ssh.ExitStatus ?? -1);
        return new SshCommandResult(ssh.ExitStatus ?? -1, ssh.Result, ssh.Error, ssh.ExitSignal);
    }

    /// <summary>Writes <paramref name="source"/> to <paramref name="remotePath"/> (created or replaced), streamed.</summary>
    public Task UploadAsync(Stream source, string remotePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Sftp(remotePath, (sftp, ct) => sftp.UploadFileAsync(source, remotePath, ct), cancellationToken);
    }

    /// <summary>Copies <paramref name="remotePath"/> into <paramref name="destination"/>, streamed.</summary>
    /// <exception cref="FileNotFoundException">The remote file does not exist.</exception>
    public Task DownloadAsync(string remotePath, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return Sftp(remotePath, (sftp, ct) => sftp.DownloadFileAsync(remotePath, destination, ct), cancellationToken);
    }

    /// <summary>Opens <paramref name="remotePath"/> for reading and streams it into <paramref name="consume"/>.</summary>
    /// <exception cref="FileNotFoundException">The remote file does not exist.</exception>
    public Task ReadAsync(string remotePath, Func<Stream, CancellationToken, Task> consume, CancellationToken cancellationToken) =>
        ReadAsync(remotePath, 0, consume, cancellationToken);

    /// <summary>Opens <paramref name="remotePath"/> for reading at byte <paramref name="offset"/> and streams it into <paramref name="consume"/>.</summary>
    /// <exception cref="FileNotFoundException">The remote file does not exist.</exception>
    public Task ReadAsync(string remotePath, long offset, Func<Stream, CancellationToken, Task> consume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consume);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return Sftp(remotePath, async (sftp, ct) =>
        {
            await using var stream = await sftp.OpenAsync(remotePath, FileMode.Open, FileAccess.Read, ct);
            stream.Seek(offset, SeekOrigin.Begin);
            await consume(stream, ct);
        }, cancellationToken);
    }

    /// <summary>
    /// What is at <paramref name="remotePath"/>, a final link not followed; null when nothing is there. Read from the
    /// parent folder's listing (SFTP READDIR reports a link as a link), because SSH.NET's attribute request follows links.
    /// </summary>
    public Task<Files.FileEntry?> StatAsync(string remotePath, CancellationToken cancellationToken)
    {
        var path = remotePath.Length > 1 ? remotePath.TrimEnd('/') : remotePath;
        var slash = path.LastIndexOf('/');
        var parent = slash <= 0 ? "/" : path[..slash];
        var name = path[(slash + 1)..];
        return Sftp(path, async (sftp, ct) =>
        {
            if (name.Length == 0)
            {
                return (Files.FileEntry?)Entry("/", await sftp.GetAttributesAsync("/", ct));
            }

            try
            {
                await foreach (var entry in sftp.ListDirectoryAsync(parent, ct))
                {
                    if (entry.Name == name)
                    {
                        return Entry(entry.Name, entry.Attributes);
                    }
                }
            }
            catch (SftpPathNotFoundException)
            {
                // No parent folder: nothing there either.
            }

            return null;
        }, cancellationToken);
    }

    /// <summary>The entries directly in <paramref name="remoteDir"/>, links as <see cref="Files.FileKind.Other"/>, sorted by name.</summary>
    public Task<IReadOnlyList<Files.FileEntry>> ListDirectoryAsync(string remoteDir, CancellationToken cancellationToken) =>
        Sftp<IReadOnlyList<Files.FileEntry>>(remoteDir, async (sftp, ct) =>
        {
            var entries = new List<Files.FileEntry>();
            await foreach (var entry in sftp.ListDirectoryAsync(remoteDir, ct))
            {
                if (entry.Name is not ("." or ".."))
                {
                    entries.Add(Entry(entry.Name, entry.Attributes));
                }
            }

            return [.. entries.OrderBy(entry => entry.Name, StringComparer.Ordinal)];
        }, cancellationToken);

    private static Files.FileEntry Entry(string name, SftpFileAttributes attributes)
    {
        var kind = attributes switch
        {
            { IsSymbolicLink: true } => Files.FileKind.Other,
            { IsDirectory: true } => Files.FileKind.Directory,
            { IsRegularFile: true } => Files.FileKind.File,
            _ => Files.FileKind.Other,
        };
        return new Files.FileEntry(name, kind, kind == Files.FileKind.File ? attributes.Size : 0,
            new DateTimeOffset(attributes.LastWriteTimeUtc, TimeSpan.Zero), attributes.OwnerCanWrite);
    }

    /// <summary>What <paramref name="remotePath"/> is, a final symbolic link not followed (SFTP LSTAT).</summary>
    public Task<Files.FileKind> KindAsync(string remotePath, CancellationToken cancellationToken) =>
        Sftp(remotePath, async (sftp, ct) =>
        {
            Renci.SshNet.Sftp.SftpFileAttributes attributes;
            try
            {
                attributes = await sftp.GetAttributesAsync(remotePath, ct);
            }
            catch (SftpPathNotFoundException)
            {
                return Files.FileKind.Missing;
            }

            return attributes switch
            {
                { IsSymbolicLink: true } => Files.FileKind.Other,
                { IsDirectory: true } => Files.FileKind.Directory,
                { IsRegularFile: true } => Files.FileKind.File,
                _ => Files.FileKind.Other,
            };
        }, cancellationToken);

    /// <summary>
    /// Where <paramref name="remotePath"/> really is: the server's canonical path (SFTP REALPATH, symbolic links
    /// resolved) and whether the entry there is itself a link (a dangling one); null when nothing is there.
    /// </summary>
    public Task<(string CanonicalPath, bool IsSymbolicLink)?> CanonicalAsync(string remotePath, CancellationToken cancellationToken) =>
        Sftp<(string, bool)?>(remotePath, async (sftp, ct) =>
        {
            try
            {
                var file = await sftp.GetAsync(remotePath, ct);
                return (file.FullName, file.IsSymbolicLink);
            }
            catch (SftpPathNotFoundException)
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>The size in bytes of <paramref name="remotePath"/>.</summary>
    public Task<long> SizeAsync(string remotePath, CancellationToken cancellationToken) =>
        Sftp(remotePath, async (sftp, ct) => (await sftp.GetAttributesAsync(remotePath, ct)).Size, cancellationToken);

    /// <summary>Whether <paramref name="remotePath"/> exists (file, directory or anything else).</summary>
    public Task<bool> ExistsAsync(string remotePath, CancellationToken cancellationToken) =>
        Sftp(remotePath, (sftp, ct) => sftp.ExistsAsync(remotePath, ct), cancellationToken);

    /// <summary>
    /// The regular files under <paramref name="remoteDir"/> as '/'-separated paths relative to it, sorted; symbolic
    /// links (to files or directories) are skipped and never followed.
    /// </summary>
    public Task<IReadOnlyList<string>> ListFilesAsync(string remoteDir, bool recursive, CancellationToken cancellationToken) =>
        Sftp<IReadOnlyList<string>>(remoteDir, async (sftp, ct) =>
        {
            var files = new List<string>();
            var pending = new Stack<string>([""]);
            while (pending.TryPop(out var relative))
            {
                var dir = relative.Length == 0 ? remoteDir : $"{remoteDir.TrimEnd('/')}/{relative}";
                await foreach (var entry in sftp.ListDirectoryAsync(dir, ct))
                {
                    if (entry.Name is "." or ".." || entry.IsSymbolicLink)
                    {
                        continue;
                    }
                    var path = relative.Length == 0 ? entry.Name : $"{relative}/{entry.Name}";
                    if (entry.IsRegularFile)
                    {
                        files.Add(path);
                    }
                    else if (entry.IsDirectory && recursive)
                    {
                        pending.Push(path);
                    }
                }
            }
            files.Sort(StringComparer.Ordinal);
            return files;
        }, cancellationToken);

    /// <summary>Creates <paramref name="remotePath"/>; with <paramref name="recursive"/> its missing parents too. An existing directory is fine.</summary>
    /// <exception cref="IOException">The path (or a parent) exists and is not a directory.</exception>
    public Task CreateDirectoryAsync(string remotePath, bool recursive, CancellationToken cancellationToken) =>
        Sftp(remotePath, async (sftp, ct) =>
        {
            var targets = new List<string>();
            if (recursive)
            {
                var prefix = remotePath.StartsWith('/') ? "/" : "";
                foreach (var part in remotePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
                {
                    prefix = prefix.Length == 0 || prefix.EndsWith('/') ? prefix + part : $"{prefix}/{part}";
                    targets.Add(prefix);
                }
            }
            else
            {
                targets.Add(remotePath);
            }
            foreach (var target in targets)
            {
                await EnsureDirectoryAsync(sftp, target, ct);
            }
            return true;
        }, cancellationToken);

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref returned, 1) == 0)
        {
            pool.Return(slots, connection);
        }
        return ValueTask.CompletedTask;
    }

    private static async Task EnsureDirectoryAsync(Renci.SshNet.SftpClient sftp, string path, CancellationToken ct)
    {
        if (await sftp.ExistsAsync(path, ct))
        {
            var attributes = await sftp.GetAttributesAsync(path, ct);
            if (!attributes.IsDirectory)
            {
                throw new IOException($"{path} exists and is not a directory");
            }
            return;
        }
        try
        {
            await sftp.CreateDirectoryAsync(path, ct);
        }
        catch (SshException) when (sftp.IsConnected)
        {
            // Created meanwhile by someone else is fine; anything else is not.
            if (!await sftp.ExistsAsync(path, ct))
            {
                throw;
            }
        }
    }

    private Task Sftp(string remotePath, Func<Renci.SshNet.SftpClient, CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        Sftp(remotePath, async (sftp, ct) =>
        {
            await operation(sftp, ct);
            return true;
        }, cancellationToken);

    private async Task<T> Sftp<T>(string remotePath, Func<Renci.SshNet.SftpClient, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(remotePath);
        var sftp = await Guard(() => connection.GetSftpAsync(cancellationToken).AsTask(), cancellationToken);
        try
        {
            return await operation(sftp, cancellationToken);
        }
        catch (SftpPathNotFoundException ex)
        {
            throw new FileNotFoundException($"{remotePath} does not exist on system {Endpoint.SystemId}", remotePath, ex);
        }
        catch (SftpPermissionDeniedException ex)
        {
            throw new UnauthorizedAccessException($"permission denied for {remotePath} on system {Endpoint.SystemId}", ex);
        }
        catch (SshOperationTimeoutException)
        {
            connection.Broken = true;
            throw new SshCommandTimeoutException(Endpoint, "an SFTP request", options.SftpRequestTimeout, "Aloe:Ssh:SftpRequestTimeout");
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            throw Lost(ex);
        }
    }

    private async Task<T> Guard<T>(Func<Task<T>> open, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref returned) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await open();
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            throw Lost(ex);
        }
    }

    private SshConnectException Lost(Exception ex)
    {
        connection.Broken = true;
        return new SshConnectException(Endpoint,
            $"the connection to {Endpoint.Host}:{Endpoint.Port} (system {Endpoint.SystemId}) was lost: {ex.Message}", ex);
    }

    private static bool IsConnectionFailure(Exception ex) =>
        ex is SshConnectionException or SocketException or ObjectDisposedException;
}
