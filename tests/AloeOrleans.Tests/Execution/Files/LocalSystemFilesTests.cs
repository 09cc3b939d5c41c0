using System.Runtime.Versioning;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Tests.Units;
using Xunit;

namespace AloeOrleans.Tests.Execution.Files;

/// <summary>
/// What the service writes on a LOCAL system is owner-only, and what it reads is inside the root even when a job
/// swaps a listed file, or a folder on its path, for a symbolic link (as a job may do in its work dir before archiving).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LocalSystemFilesTests : IDisposable
{
    private readonly TempFolder _temp = new("aloe-local-files-");
    private readonly LocalSystemFiles _files;

    public LocalSystemFilesTests()
    {
        _files = new LocalSystemFiles("local", _temp.Folder("root"));
        _temp.File("secret.key", "the service's secret");
        _temp.File("root/work/out.txt", "output");
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Reads as archiving does: straight from a listed path, without asking what kind of file it is first.</summary>
    private async Task<string> ReadAsync(string path)
    {
        var text = "";
        await _files.ReadAsync(path, async (stream, ct) => text = await new StreamReader(stream).ReadToEndAsync(ct), CancellationToken.None);
        return text;
    }

    [Fact]
    public async Task A_listed_file_swapped_for_a_link_out_of_the_root_is_not_read()
    {
        var listed = Path.Combine(_files.Root, "work", "out.txt");
        File.Delete(listed);
        File.CreateSymbolicLink(listed, _temp.Combine("secret.key"));

        await Assert.ThrowsAsync<PathOutsideRootException>(() => ReadAsync(listed));
    }

    [Fact]
    public async Task A_folder_on_the_path_swapped_for_a_link_out_of_the_root_is_not_read()
    {
        Directory.Move(Path.Combine(_files.Root, "work"), Path.Combine(_files.Root, "moved"));
        Directory.CreateSymbolicLink(Path.Combine(_files.Root, "work"), _temp.Path);

        await Assert.ThrowsAsync<PathOutsideRootException>(() => ReadAsync(Path.Combine(_files.Root, "work", "secret.key")));
    }

    [Fact]
    public async Task A_link_that_stays_inside_the_root_is_read() =>
        Assert.Equal("output", await ReadAsync(
            File.CreateSymbolicLink(Path.Combine(_files.Root, "alias.txt"), Path.Combine(_files.Root, "work", "out.txt")).FullName));

    [Fact]
    public async Task Folders_and_files_it_creates_are_owner_only()
    {
        var file = Path.Combine(_files.Root, "alice", "archive", "job-1", "result.txt");
        await _files.WriteTextAsync(file, "x", CancellationToken.None);
        await _files.CreateDirectoryAsync(Path.Combine(_files.Root, "scratch", "dev", "alice"), CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        foreach (var folder in new[] { "alice", "alice/archive", "alice/archive/job-1", "scratch", "scratch/dev", "scratch/dev/alice" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_files.Root, folder)));
        }
    }
}
