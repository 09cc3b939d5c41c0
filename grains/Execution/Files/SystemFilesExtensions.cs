using System.Text;

namespace AloeOrleans.Grains.Execution.Files;

/// <summary>Text helpers and the one copy routine every phase uses, for any pair of systems.</summary>
public static class SystemFilesExtensions
{
    public static async Task WriteTextAsync(this ISystemFiles files, string path, string text, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await files.WriteAsync(path, content, cancellationToken);
    }

    /// <summary>The file's text, or null when it does not exist.</summary>
    public static async Task<string?> ReadTextAsync(this ISystemFiles files, string path, CancellationToken cancellationToken)
    {
        if (await files.KindAsync(path, cancellationToken) != FileKind.File)
        {
            return null;
        }

        string? text = null;
        await files.ReadAsync(path, async (stream, ct) =>
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text = await reader.ReadToEndAsync(ct);
        }, cancellationToken);
        return text;
    }

    /// <summary>
    /// Copies one file between systems, streamed. Between two remote systems the bytes go through a temporary local
    /// file, so a copy never holds connections to both at once (two copies on one host could otherwise wait on each
    /// other for the host's last pooled connection).
    /// </summary>
    public static async Task<long> CopyFileAsync(this ISystemFiles source, string sourcePath, ISystemFiles destination, string destinationPath,
        CancellationToken cancellationToken)
    {
        if (source.IsLocal || destination.IsLocal)
        {
            long written = 0;
            await source.ReadAsync(sourcePath, async (stream, ct) => written = await destination.WriteAsync(destinationPath, stream, ct), cancellationToken);
            return written;
        }

        // DeleteOnClose: the spool file goes when the stream does, whatever happens.
        await using var spool = new FileStream(Path.Combine(Path.GetTempPath(), $"aloe-spool-{Guid.NewGuid():N}"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await source.ReadAsync(sourcePath, (stream, ct) => stream.CopyToAsync(spool, ct), cancellationToken);
        spool.Position = 0;
        return await destination.WriteAsync(destinationPath, spool, cancellationToken);
    }

    /// <summary>Copies a file, or every regular file of a directory tree; returns the bytes copied.</summary>
    public static async Task<long> CopyTreeAsync(this ISystemFiles source, string sourcePath, ISystemFiles destination, string destinationPath,
        CancellationToken cancellationToken)
    {
        if (await source.KindAsync(sourcePath, cancellationToken) != FileKind.Directory)
        {
            return await source.CopyFileAsync(sourcePath, destination, destinationPath, cancellationToken);
        }

        long total = 0;
        await destination.CreateDirectoryAsync(destinationPath, cancellationToken);
        foreach (var relative in await source.ListFilesAsync(sourcePath, cancellationToken))
        {
            total += await source.CopyFileAsync(RemotePaths.Join(sourcePath, relative), destination,
                RemotePaths.Join(destinationPath, relative), cancellationToken);
        }

        return total;
    }
}
