using System.Net;
using Xunit;
using static AloeOrleans.Tests.Infrastructure.Remote.RemoteTestEnvironment;

namespace AloeOrleans.Tests.Infrastructure.Remote;

/// <summary>The vsftpd of <c>scripts/ftp.sh</c>: a file put into its root is downloadable in passive mode.</summary>
[NeedsServers]
public class FtpServerTests
{
    [Fact]
    public async Task A_file_put_into_the_ftp_root_downloads_in_passive_mode()
    {
        var folder = $"aloe-ftp-{Guid.NewGuid():N}";
        var dir = Path.Combine(FtpRoot, folder);
        Directory.CreateDirectory(dir);
        // The server serves world-readable files only; do not depend on the test process's umask.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, ReadableBy.All | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        var content = $"hello over ftp {Guid.NewGuid()}\n" + new string('x', 100_000);
        var file = Path.Combine(dir, "input.txt");
        await File.WriteAllTextAsync(file, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, ReadableBy.All | UnixFileMode.UserWrite);
        }
        try
        {
            var downloaded = await DownloadAsync($"ftp://{FtpHost}:{FtpPort}/{folder}/input.txt");
            Assert.Equal(content, downloaded);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_file_is_reported_by_the_server()
    {
        var error = await Assert.ThrowsAsync<WebException>(
            () => DownloadAsync($"ftp://{FtpHost}:{FtpPort}/no-such-{Guid.NewGuid():N}.txt"));
        var response = Assert.IsType<FtpWebResponse>(error.Response);
        Assert.Equal(FtpStatusCode.ActionNotTakenFileUnavailable, response.StatusCode);
    }

    private static class ReadableBy
    {
        public const UnixFileMode All = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    }

    private static async Task<string> DownloadAsync(string url)
    {
        // SYSLIB0014: FtpWebRequest is obsolete, but it is the framework's only FTP client and this test only
        // proves the FTP server works from .NET; the service's staging code has its own passive-mode client.
#pragma warning disable SYSLIB0014
        var request = (FtpWebRequest)WebRequest.Create(url);
#pragma warning restore SYSLIB0014
        request.Method = WebRequestMethods.Ftp.DownloadFile;
        request.UsePassive = true;
        request.UseBinary = true;
        request.KeepAlive = false;
        request.Timeout = 10_000;
        request.ReadWriteTimeout = 10_000;
        request.Credentials = new NetworkCredential(FtpUser, FtpPassword);
        using var response = (FtpWebResponse)await request.GetResponseAsync();
        using var reader = new StreamReader(response.GetResponseStream());
        return await reader.ReadToEndAsync();
    }
}
