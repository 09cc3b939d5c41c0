using System.IO.Pipelines;
using AloeOrleans.Grains.Execution.Ssh;

namespace AloeOrleans.Grains.Execution.Files;

/// <summary>
/// The files of an SFTP system, through the shared connection pool (one lease per operation, so a long job never
/// pins a connection). Paths are checked lexically, then every existing entry below the root must be where its name
/// says (no symbolic link on the way, not even one that stays inside: following links is never needed and each would
/// have to be checked against the remote root).
/// </summary>
public sealed class SftpSystemFiles(SshConnectionPool pool, SshEndpoint endpoint, string root) : ISystemFiles
{
    // Asked once per instance (an instance serves one phase): archiving resolves every output file.
    private string? canonicalRoot;

    public string SystemId => endpoint.SystemId;

    public bool IsLocal => false;

    public string Root => RemotePaths.Normalize(root);

    public async Task<string> ResolveAsync(string relative, CancellationToken cancellationToken)
    {
        var path = RemotePaths.Resolve(Root, relative);
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        // The root itself may sit behind links (/home → /data/home); below it, every existing entry must be where its
        // name says: the server's canonical path of each one is compared with the root's.
        canonicalRoot ??= (await lease.CanonicalAsync(Root, cancellationToken))?.CanonicalPath ?? Root;
        foreach (var below in RemotePaths.PathsBelow(Root, path))
        {
            if (await lease.CanonicalAsync(below, cancellationToken) is not { } found)
            {
                break;
            }

            var expected = RemotePaths.Join(canonicalRoot, below[Root.Length..].TrimStart('/'));
            if (found.IsSymbolicLink || !string.Equals(found.CanonicalPath, expected, StringComparison.Ordinal))
            {
                throw new PathOutsideRootException(relative, "leads through a symbolic link on the remote host");
            }
        }

        return path;
    }

    public async Task<FileKind> KindAsync(string path, CancellationToken cancellationToken)
    {
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        return await lease.KindAsync(path, cancellationToken);
    }

    public async Task ReadAsync(string path, Func<Stream, CancellationToken, Task> consume, CancellationToken cancellationToken)
    {
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        await lease.ReadAsync(path, consume, cancellationToken);
    }

    public async Task ReadFromAsync(string path, long offset, Func<Stream, CancellationToken, Task> consume, CancellationToken cancellationToken)
    {
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        await lease.ReadAsync(path, offset, consume, cancellationToken);
    }

    public async Task<FileEntry?> StatAsync(string path, CancellationToken cancellationToken)
    {
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        return await lease.StatAsync(path, cancellationToken);
    }

    public async Task<IReadOnlyList<FileEntry>> ListDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        return await lease.KindAsync(directory, cancellationToken) == FileKind.Directory
            ? await lease.ListDirectoryAsync(directory, cancellationToken)
            : throw new DirectoryNotFoundException($"{directory} is not a folder on system {SystemId}.");
    }

    public async Task<long> WriteAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        await lease.CreateDirectoryAsync(ParentOf(path), recursive: true, cancellationToken);
        await lease.UploadAsync(content, path, cancellationToken);
        return await lease.SizeAsync(path, cancellationToken);
    }

    /// <summary>The producer writes into a pipe while the upload reads from it: streamed, never the whole file in memory.</summary>
    public async Task<long> WriteAsync(string path, Func<Stream, CancellationToken, Task> produce, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var upload = Task.Run(() => UploadFromPipeAsync(path, pipe.Reader, failed), CancellationToken.None);
        try
        {
            await using (var writer = pipe.Writer.AsStream())
            {
                await produce(writer, failed.Token);
            }
        }
        catch (Exception exception)
        {
            await pipe.Writer.CompleteAsync(exception);
            await failed.CancelAsync();
            await Task.WhenAny(upload);
            if (upload.IsFaulted && exception is OperationCanceledException)
            {
                // The producer stopped because the upload failed: the upload's error is the one that explains it.
                await upload;
            }

            throw;
        }

        return await upload;
    }

    public async Task CreateDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        await lease.CreateDirectoryAsync(path, recursive: true, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken)
    {
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        return await lease.KindAsync(directory, cancellationToken) == FileKind.Directory
            ? await lease.ListFilesAsync(directory, recursive: true, cancellationToken)
            : [];
    }

    /// <summary>A failed upload cancels the producer, which would otherwise go on filling a pipe nobody reads.</summary>
    private async Task<long> UploadFromPipeAsync(string path, PipeReader reader, CancellationTokenSource producer)
    {
        try
        {
            await using var content = reader.AsStream();
            return await WriteAsync(path, content, producer.Token);
        }
        catch
        {
            await producer.CancelAsync();
            throw;
        }
    }

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}
