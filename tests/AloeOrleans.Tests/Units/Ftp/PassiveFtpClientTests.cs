using System.Net;
using AloeOrleans.Grains.Network;
using AloeOrleans.Grains.Staging;
using AloeOrleans.Grains.Staging.Ftp;
using AloeOrleans.Tests.EndToEnd.Network;
using Xunit;

namespace AloeOrleans.Tests.Units.Ftp;

/// <summary>The FTP client against a lying server and a rebinding name: the data connection goes where the control connection went.</summary>
public sealed class PassiveFtpClientTests
{
    private static readonly IPAddress Allowed = IPAddress.Parse("127.0.0.2");
    private static readonly FtpLimits Limits = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), 1024, 65536);

    [Fact]
    public async Task The_data_connection_goes_to_the_control_connections_address_whatever_PASV_or_DNS_say_later()
    {
        var content = "the real file\n"u8.ToArray();
        await using var ftp = HostileFtpServer.Start(Allowed, HostileFtpServer.Sends(content), announcedAddress: IPAddress.Loopback);
        await using var decoy = ScriptedTcpServer.Start(IPAddress.Loopback, (_, _) => Task.CompletedTask, ftp.DataPort);
        // The name answers the allowed address once, then loopback (a rebinding DNS server); loopback is allowed too,
        // so only pinning the control connection's address keeps the data connection from the decoy.
        var lookups = 0;
        var connector = new CheckedConnector(NetworkPolicy.Parse("127.0.0.0/8", "test"), (_, _) =>
            Task.FromResult(Interlocked.Increment(ref lookups) == 1 ? new[] { Allowed } : new[] { IPAddress.Loopback }));

        await using var client = await PassiveFtpClient.ConnectAsync(connector, "ftp.example", ftp.Port, "anonymous", "a@b", Limits, CancellationToken.None);
        using var received = new MemoryStream();
        var bytes = await client.DownloadAsync("/file.txt", received, new InputByteBudget(long.MaxValue), CancellationToken.None);

        Assert.Equal(content, received.ToArray());
        Assert.Equal(content.Length, bytes);
        Assert.Equal(1, lookups);
        Assert.Equal(1, ftp.DataConnections);
        Assert.Equal(0, decoy.Connections);
    }

    [Fact]
    public async Task A_refused_ftp_host_is_never_connected_to()
    {
        await using var ftp = HostileFtpServer.Start(IPAddress.Loopback, HostileFtpServer.Sends([1]));
        var connector = new CheckedConnector(NetworkPolicy.Parse("127.0.0.2/32", StagingNetwork.AllowedNetworksSetting));

        var error = await Assert.ThrowsAsync<DestinationRefusedException>(() =>
            PassiveFtpClient.ConnectAsync(connector, "127.0.0.1", ftp.Port, "anonymous", "a@b", Limits, CancellationToken.None));

        Assert.Contains("Aloe:Staging:AllowedNetworks", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, ftp.Connections);
    }
}
