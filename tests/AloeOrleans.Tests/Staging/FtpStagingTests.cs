using System.Runtime.Versioning;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Grains.Network;
using AloeOrleans.Grains.Staging;
using AloeOrleans.Grains.Staging.Ftp;
using AloeOrleans.Tests.Units;
using Microsoft.Extensions.Options;
using Xunit;
using static AloeOrleans.Tests.Infrastructure.Remote.RemoteTestEnvironment;

namespace AloeOrleans.Tests.Staging;

/// <summary>The service's own passive-mode FTP client and ftp:// input staging, against the real vsftpd of scripts/ftp.sh.</summary>
[NeedsServers]
[SupportedOSPlatform("linux")]
public sealed class FtpStagingTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly FtpLimits Limits = new(Timeout, Timeout, TimeSpan.FromMinutes(2), 4096, 65536);
    // The test vsftpd listens on 127.0.0.1, which only an allow-list lets the client reach.
    private static readonly CheckedConnector Connector = new(NetworkPolicy.Parse("127.0.0.0/8", "test"));
    private readonly string _folder = $"aloe-ftp-{Guid.NewGuid():N}";
    private readonly string _workDir = Directory.CreateTempSubdirectory("aloe-ftp-work-").FullName;

    public FtpStagingTests()
    {
        var dir = Path.Combine(FtpRoot, _folder);
        Directory.CreateDirectory(dir);
        // vsftpd serves world-readable files only; do not depend on the test process's umask.
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
    }

    public void Dispose()
    {
        Directory.Delete(Path.Combine(FtpRoot, _folder), recursive: true);
        Directory.Delete(_workDir, recursive: true);
    }

    [Fact]
    public async Task A_binary_file_downloads_byte_for_byte()
    {
        var content = Put("data.bin", 1_000_000);
        await using var client = await PassiveFtpClient.ConnectAsync(Connector, FtpHost, FtpPort, FtpUser, FtpPassword, Limits, CancellationToken.None);
        using var received = new MemoryStream();

        var bytes = await client.DownloadAsync($"/{_folder}/data.bin", received, new InputByteBudget(long.MaxValue), CancellationToken.None);

        Assert.Equal(content.Length, bytes);
        Assert.Equal(content, received.ToArray());
    }

    [Fact]
    public async Task A_missing_file_is_an_error_naming_it()
    {
        await using var client = await PassiveFtpClient.ConnectAsync(Connector, FtpHost, FtpPort, FtpUser, FtpPassword, Limits, CancellationToken.None);

        var error = await Assert.ThrowsAsync<FtpReplyException>(() => client.DownloadAsync($"/{_folder}/nope.txt", Stream.Null, new InputByteBudget(long.MaxValue), CancellationToken.None));

        Assert.Contains("nope.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("550", error.Message, StringComparison.Ordinal);
        Assert.Equal(550, error.Code);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_refused_login_fails_at_once_with_the_servers_words()
    {
        var started = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<FtpReplyException>(() =>
            PassiveFtpClient.ConnectAsync(Connector, FtpHost, FtpPort, "no-such-user", "wrong", Limits, CancellationToken.None));

        Assert.Contains("log in", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.True(DateTimeOffset.UtcNow - started < Timeout, "a refused login must not wait for the timeout");
    }

    [Fact]
    public async Task An_ftp_input_is_staged_into_the_work_dir()
    {
        var content = Put("input.txt", 300_000);
        var url = $"ftp://{FtpHost}:{FtpPort}/{_folder}/input.txt";
        var options = Options.Create(new StagingOptions { FtpTimeout = Timeout, AllowedNetworks = "127.0.0.0/8" });
        var stager = new InputStager(new NoCatalog(), TestSystemAccess.Create(_workDir), new StagingNetwork(options), options);
        var staged = new List<StagedInput>();

        await stager.StageAsync("dev", "no-app", $$"""{"inputFile":["{{url}}"]}""", new LocalSystemFiles("work", _workDir), _workDir, input =>
        {
            staged.Add(input);
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_workDir, "input.txt")));
        var only = Assert.Single(staged);
        Assert.Equal(("inputFile", "input.txt", (long)content.Length), (only.InputId, only.FileName, only.Bytes));
    }

    private byte[] Put(string name, int size)
    {
        var content = new byte[size];
        Random.Shared.NextBytes(content);
        var path = Path.Combine(FtpRoot, _folder, name);
        File.WriteAllBytes(path, content);
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        return content;
    }

    /// <summary>FTP inputs never consult the catalog.</summary>
    private sealed class NoCatalog : ICatalog
    {
        public ValueTask<AppDefinition?> FindAppAsync(string tenantId, string appId, CancellationToken cancellationToken = default) => new((AppDefinition?)null);

        public ValueTask<SystemDefinition?> FindSystemAsync(string tenantId, string systemId, CancellationToken cancellationToken = default) => new((SystemDefinition?)null);

        public ValueTask<SystemDefinition?> FindDefaultStorageAsync(string tenantId, CancellationToken cancellationToken = default) => new((SystemDefinition?)null);

        public ValueTask<TenantCatalog> SnapshotAsync(string tenantId, CancellationToken cancellationToken = default) =>
            new(new TenantCatalog(DateTimeOffset.UnixEpoch, new Dictionary<string, AppDefinition>(), new Dictionary<string, SystemDefinition>()));
    }
}
