using System.Security.Cryptography;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Tests.Execution.Ssh;
using AloeOrleans.Tests.Units;
using Xunit;

namespace AloeOrleans.Tests.Execution.Files;

/// <summary>
/// The files of an SFTP system against the real sshd of <c>scripts/sshd.sh</c>: streamed reads and writes, listings
/// without symlinks, symlinks refused on the way, and copies between two remote systems.
/// </summary>
[NeedsServers]
public sealed class SftpSystemFilesTests : IAsyncLifetime
{
    private readonly SshConnectionPool _pool = SshTestSystems.Pool();
    private readonly SshEndpoint _endpoint = SshEndpoint.ForStorage(SshTestSystems.PasswordStorageSystem());
    private readonly TempFolder _local = new("aloe-sftp-files-");
    private string _root = "";
    private SftpSystemFiles _files = null!;

    public async Task InitializeAsync()
    {
        await using var lease = await _pool.LeaseAsync(_endpoint, CancellationToken.None);
        _root = await SshTestSystems.NewRemoteDirAsync(lease);
        _files = new SftpSystemFiles(_pool, _endpoint, _root);
    }

    public async Task DisposeAsync()
    {
        await using (var lease = await _pool.LeaseAsync(_endpoint, CancellationToken.None))
        {
            await lease.RunAsync($"rm -rf {ShellQuoting.Quote(_root)}", CancellationToken.None);
        }

        await _pool.DisposeAsync();
        _local.Dispose();
    }

    [Fact]
    public async Task A_large_file_round_trips_byte_for_byte_and_parents_are_created()
    {
        var content = RandomNumberGenerator.GetBytes(5 * 1024 * 1024 + 17);
        var path = await _files.ResolveAsync("deep/er/data.bin", CancellationToken.None);

        var written = await _files.WriteAsync(path, new MemoryStream(content), CancellationToken.None);
        using var read = new MemoryStream();
        await _files.ReadAsync(path, (stream, ct) => stream.CopyToAsync(read, ct), CancellationToken.None);

        Assert.Equal(content.Length, written);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(read.ToArray()));
        Assert.Equal(FileKind.File, await _files.KindAsync(path, CancellationToken.None));
        Assert.Equal(FileKind.Directory, await _files.KindAsync(await _files.ResolveAsync("deep", CancellationToken.None), CancellationToken.None));
        Assert.Equal(FileKind.Missing, await _files.KindAsync(await _files.ResolveAsync("nope", CancellationToken.None), CancellationToken.None));
    }

    [Fact]
    public async Task A_pushing_producer_is_streamed_through_a_pipe()
    {
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        var path = await _files.ResolveAsync("pushed.bin", CancellationToken.None);

        var written = await _files.WriteAsync(path, async (output, ct) =>
        {
            for (var offset = 0; offset < content.Length; offset += 65536)
            {
                await output.WriteAsync(content.AsMemory(offset, Math.Min(65536, content.Length - offset)), ct);
            }
        }, CancellationToken.None);

        Assert.Equal(content.Length, written);
        Assert.Equal(content, await ReadAllAsync(path));
    }

    [Fact]
    public async Task A_failing_producer_fails_the_write_with_its_own_error()
    {
        var path = await _files.ResolveAsync("broken.bin", CancellationToken.None);

        var error = await Assert.ThrowsAsync<IOException>(() => _files.WriteAsync(path, async (output, ct) =>
        {
            await output.WriteAsync(new byte[100_000], ct);
            throw new IOException("the source went away");
        }, CancellationToken.None));

        Assert.Equal("the source went away", error.Message);
    }

    [Fact]
    public async Task Symbolic_links_are_refused_on_the_way_and_skipped_in_listings()
    {
        await RunAsync($"mkdir -p {Q(_root)}/real && printf x > {Q(_root)}/real/a.txt && ln -s /etc {Q(_root)}/etc-link " +
                       $"&& ln -s /etc/hostname {Q(_root)}/real/host-link && ln -s {Q(_root)}/nowhere/x {Q(_root)}/dangling");

        var throughDirectory = await Assert.ThrowsAsync<PathOutsideRootException>(() => _files.ResolveAsync("etc-link/passwd", CancellationToken.None));
        await Assert.ThrowsAsync<PathOutsideRootException>(() => _files.ResolveAsync("real/host-link", CancellationToken.None));
        await Assert.ThrowsAsync<PathOutsideRootException>(() => _files.ResolveAsync("dangling", CancellationToken.None));
        await Assert.ThrowsAsync<PathOutsideRootException>(() => _files.ResolveAsync("real/../../x", CancellationToken.None));

        Assert.Contains("symbolic link", throughDirectory.Message, StringComparison.Ordinal);
        Assert.Equal(["a.txt"], await _files.ListFilesAsync(await _files.ResolveAsync("real", CancellationToken.None), CancellationToken.None));
        Assert.Equal(["real/a.txt"], await _files.ListFilesAsync(_files.Root, CancellationToken.None));
    }

    [Fact]
    public async Task A_tree_copies_between_two_remote_systems_and_to_this_host()
    {
        await RunAsync($"mkdir -p {Q(_root)}/tree/sub && printf one > {Q(_root)}/tree/1.txt && printf two > {Q(_root)}/tree/sub/2.txt");
        var other = new SftpSystemFiles(_pool, _endpoint, $"{_root}/other-system");
        var local = new LocalSystemFiles("local", _local.Path);

        var remoteBytes = await _files.CopyTreeAsync(await _files.ResolveAsync("tree", CancellationToken.None), other,
            await other.ResolveAsync("copy", CancellationToken.None), int.MaxValue, null, CancellationToken.None);
        var localBytes = await other.CopyTreeAsync(await other.ResolveAsync("copy", CancellationToken.None), local,
            await local.ResolveAsync("here", CancellationToken.None), int.MaxValue, null, CancellationToken.None);

        Assert.Equal(6, remoteBytes);
        Assert.Equal(6, localBytes);
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Combine(_local.Path, "here", "sub", "2.txt")));
        Assert.Equal("one", await File.ReadAllTextAsync(Path.Combine(_local.Path, "here", "1.txt")));
    }

    private async Task<byte[]> ReadAllAsync(string path)
    {
        using var read = new MemoryStream();
        await _files.ReadAsync(path, (stream, ct) => stream.CopyToAsync(read, ct), CancellationToken.None);
        return read.ToArray();
    }

    private async Task RunAsync(string command)
    {
        await using var lease = await _pool.LeaseAsync(_endpoint, CancellationToken.None);
        var result = await lease.RunAsync(command, CancellationToken.None);
        Assert.True(result.Succeeded, $"'{command}' failed: {result.StandardError}");
    }

    private static string Q(string value) => ShellQuoting.Quote(value);
}
