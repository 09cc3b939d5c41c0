using System.Net;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Network;

/// <summary>
/// Hostile servers (real TCP listeners on the allowed address) against the real service: each transfer that would
/// hold a worker or fill a disk forever fails the job within the configured cap, with a message naming the cap's
/// setting (caps of <see cref="NetworkPolicyServiceFixture"/>: 1 MiB of inputs, 2 s idle, 5 s per FTP download,
/// 1024-byte FTP lines, 3 files per tree).
/// </summary>
[NeedsServers]
[Collection(NetworkPolicyCollection.Name)]
public sealed class TransferCapAttackTests(NetworkPolicyServiceFixture fixture)
{
    private static readonly IPAddress Allowed = NetworkPolicyServiceFixture.AllowedAddress;

    /// <summary>Time a failing job may need beyond its cap: queueing, the phases before staging, the failure's own write.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(20);

    public static TheoryData<string> OversizedBodies() => new() { "endless", "announced" };

    [Theory]
    [MemberData(nameof(OversizedBodies))]
    public async Task An_http_body_beyond_the_byte_cap_fails_the_job_naming_the_cap(string kind)
    {
        await using var server = ScriptedTcpServer.Start(Allowed, kind == "endless"
            ? HostileHttp.EndlessBody()
            : HostileHttp.Announces(10 * NetworkPolicyServiceFixture.MaxInputBytes));

        var job = await NetworkJobs.RunWcAsync(fixture.Service, $"http://{server.Authority}/big.bin");

        Assert.True(job.Status == "FAILED", $"{kind}: job {job.Id} ended {job.Status}: {job.Message}");
        Assert.Contains($"exceed {NetworkPolicyServiceFixture.MaxInputBytes} bytes", job.Message, StringComparison.Ordinal);
        Assert.Contains("Aloe:Staging:MaxInputBytesPerJob", job.Message, StringComparison.Ordinal);
        Assert.True(job.Elapsed < Slack, $"{kind}: the job took {job.Elapsed}");
    }

    [Fact]
    public async Task The_byte_cap_counts_every_input_of_the_job_together()
    {
        // Each input is 60 % of the cap: either alone would do, both together do not.
        var size = (int)(NetworkPolicyServiceFixture.MaxInputBytes * 6 / 10);
        await using var first = ScriptedTcpServer.Start(Allowed, HostileHttp.Serves(new byte[size]));
        await using var second = ScriptedTcpServer.Start(Allowed, HostileHttp.Serves(new byte[size]));

        var job = await NetworkJobs.RunAsync(fixture.Service, NetworkPolicyServiceFixture.PairApp, new
        {
            first = $"http://{first.Authority}/first.bin",
            second = $"http://{second.Authority}/second.bin",
        });

        Assert.True(job.Status == "FAILED", $"job {job.Id} ended {job.Status}: {job.Message}");
        Assert.Contains("Input second", job.Message, StringComparison.Ordinal);
        Assert.Contains("Aloe:Staging:MaxInputBytesPerJob", job.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_server_that_stalls_mid_body_blocks_the_job_after_the_idle_timeout()
    {
        await using var server = ScriptedTcpServer.Start(Allowed, HostileHttp.StallsMidBody());

        // A silent server may answer later: the transfer gives up after the idle timeout and the job waits to try again.
        var job = await NetworkJobs.RunWcUntilBlockedAsync(fixture.Service, $"http://{server.Authority}/slow.txt");

        Assert.True(job.Status == "BLOCKED", $"job {job.Id} is {job.Status}: {job.Message}");
        Assert.Contains("TRANSMISSION_FAILURE", job.Message, StringComparison.Ordinal);
        Assert.Contains("sent nothing for 2 s", job.Message, StringComparison.Ordinal);
        Assert.Contains("Aloe:Staging:IdleTimeout", job.Message, StringComparison.Ordinal);
        Assert.True(job.Elapsed < NetworkPolicyServiceFixture.IdleTimeout + Slack, $"the job took {job.Elapsed}");
    }

    [Fact]
    public async Task An_ftp_server_with_an_endless_reply_line_fails_the_job_naming_the_line_cap()
    {
        await using var ftp = HostileFtpServer.StartEndlessGreeting(Allowed);

        var job = await NetworkJobs.RunWcAsync(fixture.Service, ftp.Url("in.txt"));

        Assert.True(job.Status == "FAILED", $"job {job.Id} ended {job.Status}: {job.Message}");
        Assert.Contains("reply line longer than 1024 bytes", job.Message, StringComparison.Ordinal);
        Assert.Contains("Aloe:Staging:MaxFtpReplyLineBytes", job.Message, StringComparison.Ordinal);
        Assert.True(job.Elapsed < Slack, $"the job took {job.Elapsed}");
    }

    [Fact]
    public async Task An_ftp_data_connection_that_stalls_blocks_the_job_after_the_idle_timeout()
    {
        await using var ftp = HostileFtpServer.Start(Allowed, HostileFtpServer.Stalls());

        var job = await NetworkJobs.RunWcUntilBlockedAsync(fixture.Service, ftp.Url("in.txt"));

        Assert.True(job.Status == "BLOCKED", $"job {job.Id} is {job.Status}: {job.Message}");
        Assert.Contains("TRANSMISSION_FAILURE", job.Message, StringComparison.Ordinal);
        Assert.Contains("Aloe:Staging:IdleTimeout", job.Message, StringComparison.Ordinal);
        Assert.True(job.Elapsed < NetworkPolicyServiceFixture.IdleTimeout + Slack, $"the job took {job.Elapsed}");
    }

    [Fact]
    public async Task An_ftp_download_that_trickles_forever_fails_the_job_at_the_transfer_deadline()
    {
        // A byte every 300 ms: never idle for the 2 s idle timeout, but never done either.
        await using var ftp = HostileFtpServer.Start(Allowed, HostileFtpServer.Trickles(TimeSpan.FromMilliseconds(300)));

        var job = await NetworkJobs.RunWcAsync(fixture.Service, ftp.Url("in.txt"));

        Assert.True(job.Status == "FAILED", $"job {job.Id} ended {job.Status}: {job.Message}");
        Assert.Contains("took longer than 5 s", job.Message, StringComparison.Ordinal);
        Assert.Contains("Aloe:Staging:FtpTransferTimeout", job.Message, StringComparison.Ordinal);
        Assert.True(job.Elapsed < NetworkPolicyServiceFixture.FtpTransferTimeout + Slack, $"the job took {job.Elapsed}");
    }

    [Fact]
    public async Task A_directory_input_with_more_files_than_the_tree_cap_fails_before_anything_is_copied()
    {
        var folder = $"tree-{Guid.NewGuid():N}";
        var tree = Path.Combine(LocalLayout.Storage(fixture.Service.DataDir), "alice", folder);
        Directory.CreateDirectory(Path.Combine(tree, "sub"));
        for (var i = 0; i <= NetworkPolicyServiceFixture.MaxFilesPerTree; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(tree, i % 2 == 0 ? "" : "sub", $"f{i}.txt"), "x");
        }

        var job = await NetworkJobs.RunWcAsync(fixture.Service, $"alice/{folder}");

        Assert.True(job.Status == "FAILED", $"job {job.Id} ended {job.Status}: {job.Message}");
        Assert.Contains($"more than {NetworkPolicyServiceFixture.MaxFilesPerTree} files", job.Message, StringComparison.Ordinal);
        Assert.Contains("Aloe:Staging:MaxFilesPerTree", job.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(LocalLayout.Execution(fixture.Service.DataDir), "work"), "f*.txt", SearchOption.AllDirectories));
    }
}
