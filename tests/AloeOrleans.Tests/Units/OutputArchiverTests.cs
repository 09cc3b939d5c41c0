using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using Xunit;

namespace AloeOrleans.Tests.Units;

/// <summary>Archiving copies only what the run created: not the staged inputs, not symlinks, not the .aloe folder.</summary>
public sealed class OutputArchiverTests : IDisposable
{
    private readonly TempFolder _temp = new("aloe-archive-");
    private readonly JobWorkspace _workspace;
    private readonly string _archiveRoot;
    private readonly LocalSystemFiles _work;
    private readonly LocalSystemFiles _archive;

    public OutputArchiverTests()
    {
        _workspace = new JobWorkspace(_temp.Folder("work"), Guid.NewGuid(), "unit");
        _archiveRoot = _temp.Folder("archive-root");
        _work = new LocalSystemFiles("exec", _temp.Path);
        _archive = new LocalSystemFiles("archive", _archiveRoot);
        _temp.Folder("outside");
        _temp.File("outside/secret.txt", "secret");
        _temp.File("work/input.txt", "staged input");
        _temp.File("work/assets/lib.sh", "asset");
        _temp.File("work/.aloe/app.sh", "script");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_manifest_lists_regular_files_relative_and_sorted_without_control_folder_or_symlinks()
    {
        File.CreateSymbolicLink(Path.Combine(_workspace.WorkDir, "link.txt"), Path.Combine(_temp.Path, "outside", "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(_workspace.WorkDir, "linked-dir"), Path.Combine(_temp.Path, "outside"));

        Assert.Equal(["assets/lib.sh", "input.txt"], await WorkDirManifest.ListAsync(_work, _workspace.WorkDir, CancellationToken.None));
    }

    [Fact]
    public async Task Only_files_created_by_the_run_are_archived()
    {
        await WorkDirManifest.WriteAsync(_work, _workspace, CancellationToken.None);
        // The run: new outputs (one nested), a changed input, symlinks out of the work dir, control files.
        _temp.File("work/result.txt", "42");
        _temp.File("work/out/deep/table.csv", "a,b");
        _temp.File("work/input.txt", "overwritten by the app");
        _temp.File("work/.aloe/exitcode", "0");
        _temp.File($"work/{_workspace.StdoutFileName}", "stdout");
        File.CreateSymbolicLink(Path.Combine(_workspace.WorkDir, "leak.txt"), Path.Combine(_temp.Path, "outside", "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(_workspace.WorkDir, "leak-dir"), Path.Combine(_temp.Path, "outside"));

        var count = await OutputArchiver.ArchiveAsync(_work, _workspace, _archive, "alice/archive/job-1", CancellationToken.None);

        var archive = Path.Combine(_archiveRoot, "alice", "archive", "job-1");
        var archived = Directory.EnumerateFiles(archive, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(archive, f)).Order(StringComparer.Ordinal);
        Assert.Equal(3, count);
        Assert.Equal(["out/deep/table.csv", "result.txt", _workspace.StdoutFileName], archived);
        Assert.Equal("42", await File.ReadAllTextAsync(Path.Combine(archive, "result.txt")));
    }

    [Fact]
    public async Task Archiving_again_after_a_crash_overwrites_and_gives_the_same_result()
    {
        await WorkDirManifest.WriteAsync(_work, _workspace, CancellationToken.None);
        _temp.File("work/result.txt", "first");
        await OutputArchiver.ArchiveAsync(_work, _workspace, _archive, "job", CancellationToken.None);
        _temp.File("work/result.txt", "second");

        var count = await OutputArchiver.ArchiveAsync(_work, _workspace, _archive, "job", CancellationToken.None);

        Assert.Equal(1, count);
        Assert.Equal("second", await File.ReadAllTextAsync(Path.Combine(_archiveRoot, "job", "result.txt")));
    }

    [Fact]
    public async Task An_archive_path_leaving_the_archive_root_is_refused()
    {
        await WorkDirManifest.WriteAsync(_work, _workspace, CancellationToken.None);
        _temp.File("work/result.txt", "x");

        await Assert.ThrowsAsync<PathOutsideRootException>(() => OutputArchiver.ArchiveAsync(_work, _workspace, _archive, "../outside", CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(_temp.Path, "outside", "result.txt")));
    }
}
