using System.Diagnostics;
using System.Security.Cryptography;
using Renci.SshNet;
using Renci.SshNet.Common;
using Xunit;
using static AloeOrleans.Tests.Infrastructure.Remote.RemoteTestEnvironment;

namespace AloeOrleans.Tests.Infrastructure.Remote;

/// <summary>The sshd of <c>scripts/sshd.sh</c>, for real, through SSH.NET.</summary>
[NeedsServers]
public class SshServerTests
{
    private static readonly TimeSpan FailFast = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Key_login_runs_commands_as_the_test_user()
    {
        using var client = await ConnectAsync();
        var (exit, output, _) = await RunAsync(client, "id -un");
        Assert.Equal(0, exit);
        Assert.Equal(SshUser, output.Trim());
    }

    [Fact]
    public async Task Password_login_works()
    {
        using var client = new SshClient(PasswordConnection());
        TrustOnlyExpectedHostKey(client);
        await client.ConnectAsync(CancellationToken.None);
        var (exit, output, _) = await RunAsync(client, "id -un");
        Assert.Equal(0, exit);
        Assert.Equal(SshUser, output.Trim());
    }

    [Fact]
    public async Task The_host_key_the_client_sees_is_the_announced_one_in_both_fingerprint_forms()
    {
        string? sha256 = null;
        string? md5 = null;
        using var client = new SshClient(KeyConnection());
        client.HostKeyReceived += (_, e) =>
        {
            sha256 = e.FingerPrintSHA256;
            md5 = e.FingerPrintMD5;
            e.CanTrust = true;
        };
        await client.ConnectAsync(CancellationToken.None);
        Assert.Equal(StripPrefix(SshHostKeyFingerprint, "SHA256:"), sha256);
        Assert.Equal(StripPrefix(SshHostKeyFingerprintMd5, "MD5:"), md5);
    }

    [Fact]
    public async Task A_host_key_that_does_not_match_the_expected_fingerprint_is_refused_quickly()
    {
        // A well-formed fingerprint of some other key.
        var wrong = Convert.ToBase64String(SHA256.HashData("not the server's key"u8)).TrimEnd('=');
        var seen = false;
        using var client = new SshClient(KeyConnection());
        client.HostKeyReceived += (_, e) =>
        {
            seen = true;
            e.CanTrust = e.FingerPrintSHA256 == wrong;
        };
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SshConnectionException>(() => client.ConnectAsync(CancellationToken.None));
        watch.Stop();
        Assert.True(seen, "the host key was never presented to the check");
        Assert.False(client.IsConnected);
        Assert.Contains("Host key could not be verified", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(watch.Elapsed < FailFast, $"refusing the host key took {watch.Elapsed}");
    }

    [Fact]
    public async Task An_unknown_private_key_fails_quickly_with_an_authentication_error()
    {
        var dir = Directory.CreateTempSubdirectory("aloe-ssh-key-");
        try
        {
            var unknownKey = NewUnknownPrivateKey(dir.FullName);
            using var client = new SshClient(KeyConnection(unknownKey));
            TrustOnlyExpectedHostKey(client);
            var watch = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<SshAuthenticationException>(
                () => client.ConnectAsync(CancellationToken.None));
            watch.Stop();
            Assert.Contains("Permission denied", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.True(watch.Elapsed < FailFast, $"the authentication failure took {watch.Elapsed}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_wrong_password_fails_quickly_with_an_authentication_error()
    {
        using var client = new SshClient(PasswordConnection("definitely-not-the-password"));
        TrustOnlyExpectedHostKey(client);
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<SshAuthenticationException>(() => client.ConnectAsync(CancellationToken.None));
        Assert.True(watch.Elapsed < FailFast, $"the authentication failure took {watch.Elapsed}");
    }

    [Fact]
    public async Task Sftp_upload_and_download_round_trip()
    {
        var payload = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        using var sftp = new SftpClient(KeyConnection());
        TrustOnlyExpectedHostKey(sftp);
        await sftp.ConnectAsync(CancellationToken.None);
        var dir = $"{sftp.WorkingDirectory}/aloe-sftp-{Guid.NewGuid():N}";
        sftp.CreateDirectory(dir);
        try
        {
            var path = $"{dir}/payload.bin";
            using (var upload = new MemoryStream(payload))
            {
                await sftp.UploadFileAsync(upload, path, CancellationToken.None);
            }
            Assert.Equal(payload.Length, sftp.GetAttributes(path).Size);
            using var download = new MemoryStream();
            await sftp.DownloadFileAsync(path, download, CancellationToken.None);
            Assert.True(payload.AsSpan().SequenceEqual(download.ToArray()), "downloaded bytes differ from uploaded");
            sftp.DeleteFile(path);
        }
        finally
        {
            sftp.DeleteDirectory(dir);
        }
    }
}
