namespace AloeOrleans.Grains.Execution.Files;

/// <summary>
/// The files of a LOCAL system: its root on this host. Symbolic links inside the root that point outside are refused,
/// also when a file is swapped for one after it was listed (a job can write in its work dir, the service reads it).
/// Everything it creates is owner-only (folders 0700, files 0600): work dirs, staged inputs and archives are the
/// service's until a work dir is handed to the job's user at launch.
/// </summary>
public sealed class LocalSystemFiles(string systemId, string root, int bufferSize = 81920) : ISystemFiles
{
    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string SystemId => systemId;

    public bool IsLocal => true;

    public string Root => root;

    public Task<string> ResolveAsync(string relative, CancellationToken cancellationToken) => Task.FromResult(SafePath.Resolve(root, relative));

    public Task<FileKind> KindAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        var kind = info.LinkTarget is not null ? FileKind.Other
            : Directory.Exists(path) ? FileKind.Directory
            : info.Exists ? FileKind.File
            : FileKind.Missing;
        return Task.FromResult(kind);
    }

    public Task ReadAsync(string path, Func<Stream, CancellationToken, Task> consume, CancellationToken cancellationToken) =>
        ReadFromAsync(path, 0, consume, cancellationToken);

    public async Task ReadFromAsync(string path, long offset, Func<Stream, CancellationToken, Task> consume, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, useAsync: true);
        SafePath.EnsureOpenedUnder(root, input.SafeFileHandle, path);
        input.Seek(offset, SeekOrigin.Begin);
        await consume(input, cancellationToken);
    }

    public Task<FileEntry?> StatAsync(string path, CancellationToken cancellationToken)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        return Task.FromResult(info.Exists || info.LinkTarget is not null ? Entry(info) : null);
    }

    public Task<IReadOnlyList<FileEntry>> ListDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        var folder = new DirectoryInfo(directory);
        if (!folder.Exists || folder.LinkTarget is not null)
        {
            throw new DirectoryNotFoundException($"{directory} is not a folder on system {systemId}.");
        }

        IReadOnlyList<FileEntry> entries = [.. folder
            .EnumerateFileSystemInfos("*", new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 })
            .Select(Entry)
            .OrderBy(entry => entry.Name, StringComparer.Ordinal)];
        return Task.FromResult(entries);
    }

    /// <summary>Describes <paramref name="info"/> without following a symbolic link.</summary>
    private static FileEntry Entry(FileSystemInfo info)
    {
        var kind = info.LinkTarget is not null ? FileKind.Other
            : info is DirectoryInfo ? FileKind.Directory
            : FileKind.File;
        var writable = PlatformGuard.IsUnix && kind != FileKind.Other && (info.UnixFileMode & UnixFileMode.UserWrite) != 0;
        return new FileEntry(info.Name, kind, info is FileInfo file && kind == FileKind.File ? file.Length : 0,
            new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero), writable);
    }

    public Task<long> WriteAsync(string path, Stream content, CancellationToken cancellationToken) =>
        WriteAsync(path, (output, ct) => content.CopyToAsync(output, bufferSize, ct), cancellationToken);

    public async Task<long> WriteAsync(string path, Func<Stream, CancellationToken, Task> produce, CancellationToken cancellationToken)
    {
        if (!PlatformGuard.IsUnix)
        {
            throw PlatformGuard.NotSupported();
        }

        CreateOwnerOnlyFolder(Path.GetDirectoryName(path)!);
        await using var output = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = bufferSize,
            Options = FileOptions.Asynchronous,
            UnixCreateMode = OwnerOnlyFile,
        });
        await produce(output, cancellationToken);
        return output.Length;
    }

    public Task CreateDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        if (!PlatformGuard.IsUnix)
        {
            throw PlatformGuard.NotSupported();
        }

        CreateOwnerOnlyFolder(path);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Creates <paramref name="path"/> and every missing folder above it with mode 0700 (Directory.CreateDirectory gives
    /// the mode to the last folder only).
    /// </summary>
    public static void CreateOwnerOnlyFolder(string path)
    {
        if (!PlatformGuard.IsUnix)
        {
            throw PlatformGuard.NotSupported();
        }

        var missing = new Stack<string>();
        for (var folder = Path.GetFullPath(path); !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
        {
            missing.Push(folder);
        }

        while (missing.TryPop(out var folder))
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }
    }

    public Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> files = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", new EnumerationOptions
                {
                    RecurseSubdirectories = true,
                    AttributesToSkip = FileAttributes.ReparsePoint,
                    IgnoreInaccessible = true,
                })
                .Select(file => Path.GetRelativePath(directory, file))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        return Task.FromResult(files);
    }
}
