namespace AloeOrleans.Grains.Execution.Files;

/// <summary>
/// The files of one system (its storage root), on this host or over SFTP. Paths given to the methods are absolute
/// paths returned by <see cref="ResolveAsync"/>; a path from a user goes through it first, so nothing can leave the
/// root (<c>..</c>, absolute paths, symbolic links out). Every write replaces what is there, so a phase re-run after a
/// crash gives the same result.
/// </summary>
public interface ISystemFiles
{
    string SystemId { get; }

    /// <summary>Whether the files are on this host (a copy between two remote systems is spooled through a local file).</summary>
    bool IsLocal { get; }

    /// <summary>The system's root: the absolute path every <see cref="ResolveAsync"/> result lies under.</summary>
    string Root { get; }

    /// <summary>The absolute path of <paramref name="relative"/> under the root (a leading <c>/</c> means the root).</summary>
    /// <exception cref="PathOutsideRootException">The path would leave the root.</exception>
    Task<string> ResolveAsync(string relative, CancellationToken cancellationToken);

    Task<FileKind> KindAsync(string path, CancellationToken cancellationToken);

    /// <summary>Streams the file at <paramref name="path"/> into <paramref name="consume"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    Task ReadAsync(string path, Func<Stream, CancellationToken, Task> consume, CancellationToken cancellationToken);

    /// <summary>
    /// Streams the file at <paramref name="path"/> from byte <paramref name="offset"/> on into <paramref name="consume"/>,
    /// which reads as much as it needs (a ranged download).
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    Task ReadFromAsync(string path, long offset, Func<Stream, CancellationToken, Task> consume, CancellationToken cancellationToken);

    /// <summary>What is at <paramref name="path"/>, a final symbolic link not followed; null when nothing is there.</summary>
    Task<FileEntry?> StatAsync(string path, CancellationToken cancellationToken);

    /// <summary>The entries directly in <paramref name="directory"/>, links included as <see cref="FileKind.Other"/>, sorted by name (ordinal).</summary>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    Task<IReadOnlyList<FileEntry>> ListDirectoryAsync(string directory, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> (parents created); returns the bytes written.</summary>
    Task<long> WriteAsync(string path, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Writes what <paramref name="produce"/> writes into the stream it is given to <paramref name="path"/>, for sources
    /// that push (an FTP download); returns the bytes written.
    /// </summary>
    Task<long> WriteAsync(string path, Func<Stream, CancellationToken, Task> produce, CancellationToken cancellationToken);

    Task CreateDirectoryAsync(string path, CancellationToken cancellationToken);

    /// <summary>The regular files under <paramref name="directory"/>, '/'-separated and relative to it, sorted; symbolic links are skipped.</summary>
    Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken);
}
