using System.Security.Cryptography;
using AloeOrleans.Grains.Execution;
using Xunit;
using static AloeOrleans.Tests.Execution.Ssh.SshTestSystems;

namespace AloeOrleans.Tests.Execution.Ssh;

/// <summary>Commands and SFTP through a pooled lease, against the real sshd.</summary>
[NeedsServers]
public class SshLeaseOperationsTests
{
    [Fact]
    public async Task Sftp_upload_then_download_of_5_MB_is_byte_identical()
    {
        var payload = RandomNumberGenerator.GetBytes(5 * 1024 * 1024 + 3);
        await using var pool = Pool();
        await using var lease = await pool.LeaseAsync(KeyEndpoint(), CancellationToken.None);
        var dir = await NewRemoteDirAsync(lease);
        try
        {
            var path = $"{dir}/in/payload.bin";
            await lease.CreateDirectoryAsync($"{dir}/in", recursive: false, CancellationToken.None);
            using (var upload = new MemoryStream(payload))
            {
                await lease.UploadAsync(upload, path, CancellationToken.None);
            }
            var size = await lease.RunAsync($"stat -c %s {ShellQuoting.Quote(path)}", CancellationToken.None);
            Assert.Equal($"{payload.Length}", size.StandardOutput.Trim());

            var local = Path.Combine(Path.GetTempPath(), $"aloe-ssh-download-{Guid.NewGuid():N}");
            try
            {
                await using (var download = File.Create(local))
                {
                    await lease.DownloadAsync(path, download, CancellationToken.None);
                }
                var downloaded = await File.ReadAllBytesAsync(local);
                Assert.True(payload.AsSpan().SequenceEqual(downloaded), "downloaded bytes differ from uploaded");
            }
            finally
            {
                File.Delete(local);
            }
            await Assert.ThrowsAsync<FileNotFoundException>(
                () => lease.DownloadAsync($"{dir}/missing.bin", Stream.Null, CancellationToken.None));
        }
        finally
        {
            await lease.RunAsync($"rm -rf {ShellQuoting.Quote(dir)}", CancellationToken.None);
        }
    }

    [Fact]
    public async Task ListFiles_gives_relative_paths_of_regular_files_and_skips_symlinks()
    {
        await using var pool = Pool();
        await using var lease = await pool.LeaseAsync(KeyEndpoint(), CancellationToken.None);
        var dir = await NewRemoteDirAsync(lease);
        try
        {
            var q = ShellQuoting.Quote(dir);
            var setup = await lease.RunAsync(
                $"cd {q} && echo a > a.txt && mkdir -p sub/deeper && echo b > sub/b.txt && echo c > 'sub/deeper/c d.txt' " +
                "&& ln -s a.txt link.txt && ln -s /etc etc-link && ln -s sub sub-link && mkfifo pipe",
                CancellationToken.None);
            Assert.Equal(0, setup.ExitCode);

            Assert.Equal(["a.txt", "sub/b.txt", "sub/deeper/c d.txt"],
                await lease.ListFilesAsync(dir, recursive: true, CancellationToken.None));
            Assert.Equal(["a.txt"], await lease.ListFilesAsync(dir + "/", recursive: false, CancellationToken.None));
        }
        finally
        {
            await lease.RunAsync($"rm -rf {ShellQuoting.Quote(dir)}", CancellationToken.None);
        }
    }

    [Fact]
    public async Task CreateDirectory_and_Exists()
    {
        await using var pool = Pool();
        await using var lease = await pool.LeaseAsync(KeyEndpoint(), CancellationToken.None);
        var dir = await NewRemoteDirAsync(lease);
        try
        {
            var nested = $"{dir}/x/y z/w";
            Assert.False(await lease.ExistsAsync(nested, CancellationToken.None));
            await lease.CreateDirectoryAsync(nested, recursive: true, CancellationToken.None);
            await lease.CreateDirectoryAsync(nested, recursive: true, CancellationToken.None);
            Assert.True(await lease.ExistsAsync(nested, CancellationToken.None));
            Assert.Equal(0, (await lease.RunAsync($"test -d {ShellQuoting.Quote(nested)}", CancellationToken.None)).ExitCode);

            await lease.RunAsync($"touch {ShellQuoting.Quote(dir + "/file")}", CancellationToken.None);
            await Assert.ThrowsAsync<IOException>(
                () => lease.CreateDirectoryAsync($"{dir}/file/sub", recursive: true, CancellationToken.None));
            await Assert.ThrowsAnyAsync<Exception>(
                () => lease.CreateDirectoryAsync($"{dir}/missing/parent", recursive: false, CancellationToken.None));
        }
        finally
        {
            await lease.RunAsync($"rm -rf {ShellQuoting.Quote(dir)}", CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_hostile_argument_quoted_by_ShellQuoting_runs_literally()
    {
        var marker = $"/tmp/x-{Guid.NewGuid():N}";
        var hostile = $"$(touch {marker}); y `touch {marker}` '\"\n";
        await using var pool = Pool();
        await using var lease = await pool.LeaseAsync(KeyEndpoint(), CancellationToken.None);
        var result = await lease.RunAsync($"printf %s {ShellQuoting.Quote(hostile)}", CancellationToken.None);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(hostile, result.StandardOutput);
        Assert.False(await lease.ExistsAsync(marker, CancellationToken.None), "the quoted argument was executed remotely");
        Assert.False(File.Exists(marker));
    }
}
