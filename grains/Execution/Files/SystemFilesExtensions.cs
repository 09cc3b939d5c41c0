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

    /// <summary>Copies one file between systems, streamed (see the overload with <c>readThrough</c>).</summary>
    public static Task<long> CopyFileAsync(this ISystemFiles source, string sourcePath, ISystemFiles destination, string destinationPath,
        CancellationToken cancellationToken) =>
        source.CopyFileAsync(sourcePath, destination, destinationPath, readThrough: null, cancellationToken);

    /// <summary>
    /// Copies one file between systems, streamed; <paramref name="readThrough"/>, when given, wraps the source stream
    /// (to count or limit what is read). Between two remote systems the bytes go through a temporary local file, so a
    /// copy never holds connections to both at once (two copies on one host could otherwise wait on each other for the
    /// host's last pooled connection).
    /// </summary>
    public static async Task<long> CopyFileAsync(this ISystemFiles source, string sourcePath, ISystemFiles destination, string destinationPath,
        Func<Stream, Stream>? readThrough, CancellationToken cancellationToken)
    {
        var wrap = readThrough ?? (stream => stream);
        if (source.IsLocal || destination.IsLocal)
        {
            long written = 0;
            await source.ReadAsync(sourcePath, async (stream, ct) => written = await destination.WriteAsync(destinationPath, wrap(stream), ct),
                cancellationToken);
            return written;
        }

        // DeleteOnClose: the spool file goes when the stream does, whatever happens.
        await using var spool = new FileStream(Path.Combine(Path.GetTempPath(), $"aloe-spool-{Guid.NewGuid():N}"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await source.ReadAsync(sourcePath, (stream, ct) => wrap(stream).CopyToAsync(spool, ct), cancellationToken);
        spool.Position = 0;
        return await destination.WriteAsync(destinationPath, spool, cancellationToken);
    }

    /// <summary>
    /// Copies a file, or every regular file of a directory tree of at most <paramref name="maxFiles"/> files (a larger
    /// tree is refused before anything is copied); returns the bytes copied. <paramref name="readThrough"/> as in
    /// <see cref="CopyFileAsync"/>.
    /// </summary>
    /// <exception cref="TreeTooLargeException">The directory holds more than <paramref name="maxFiles"/> files.</exception>
    public static async Task<long> CopyTreeAsync(this ISystemFiles source, string sourcePath, ISystemFiles destination, string destinationPath,
        int maxFiles, Func<Stream, Stream>? readThrough, CancellationToken cancellationToken)
    {
        if (await source.KindAsync(sourcePath, cancellationToken) != FileKind.Directory)
        {
            return await source.CopyFileAsync(sourcePath, destination, destinationPath, readThrough, cancellationToken);
        }

        var files = await source.ListFilesAsync(sourcePath, cancellationToken);
        if (files.Count > maxFiles)
        {
            throw new TreeTooLargeException(sourcePath, maxFiles);
        }

        long total = 0;
        await destination.CreateDirectoryAsync(destinationPath, cancellationToken);
        foreach (var relative in files)
        {
            total += await source.CopyFileAsync(RemotePaths.Join(sourcePath, relative), destination,
                RemotePaths.Join(destinationPath, relative), readThrough, cancellationToken);
        }

        return total;
    }
}
