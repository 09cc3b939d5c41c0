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

    public async Task ReadAsync(string path, Func<Stream, CancellationToken, Task> consume, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, useAsync: true);
        SafePath.EnsureOpenedUnder(root, input.SafeFileHandle, path);
        await consume(input, cancellationToken);
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
