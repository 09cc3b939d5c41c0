using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Network;

/// <summary>
/// One service configured as production would be (no loopback in the allow-lists) except that one address,
/// <see cref="AllowedAddress"/> (127.0.0.2), is allowed for inputs and SSH hosts, so allowed and refused servers can
/// both run on this machine. The transfer caps are small, so each one is reached in seconds; see <see cref="Settings"/>.
/// Also the servers that must never be reached: one on 127.0.0.1 and one on ::1, counting connections.
/// </summary>
public sealed class NetworkPolicyServiceFixture : IAsyncLifetime
{
    public const string Tenant = "dev";

    /// <summary>An app with two inputs, <c>first</c> and <c>second</c>, that counts their bytes.</summary>
    public const string PairApp = "pair-1.0";

    public const long MaxInputBytes = 1024 * 1024;
    public const int MaxFilesPerTree = 3;
    public const int MaxRedirects = 2;
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan FtpTransferTimeout = TimeSpan.FromSeconds(5);

    public static readonly IPAddress AllowedAddress = IPAddress.Parse("127.0.0.2");

    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["Aloe__Staging__AllowedNetworks"] = "127.0.0.2/32",
        ["Aloe__Ssh__AllowedNetworks"] = "127.0.0.2/32",
        ["Aloe__Notifications__AllowedNetworks"] = "127.0.0.2/32",
        ["Aloe__Notifications__PollInterval"] = "00:00:00.200",
        ["Aloe__Staging__MaxInputBytesPerJob"] = MaxInputBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Aloe__Staging__MaxFilesPerTree"] = MaxFilesPerTree.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Aloe__Staging__MaxHttpRedirects"] = MaxRedirects.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Aloe__Staging__IdleTimeout"] = "00:00:02",
        ["Aloe__Staging__FtpTimeout"] = "00:00:05",
        ["Aloe__Staging__FtpTransferTimeout"] = "00:00:05",
        ["Aloe__Staging__MaxFtpReplyLineBytes"] = "1024",
        ["Aloe__Ssh__ConnectTimeout"] = "00:00:05",
    };

    public AloeServiceProcess Service { get; private set; } = null!;

    /// <summary>A file server on 127.0.0.1: loopback, refused; it must never see a connection from the service.</summary>
    public ScriptedTcpServer Loopback { get; private set; } = null!;

    /// <summary>A file server on ::1: IPv6 loopback, refused likewise.</summary>
    public ScriptedTcpServer Ipv6Loopback { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Loopback = ScriptedTcpServer.Start(IPAddress.Loopback, HostileHttp.Serves("internal secret\n"u8.ToArray()));
        Ipv6Loopback = ScriptedTcpServer.Start(IPAddress.IPv6Loopback, HostileHttp.Serves("internal secret\n"u8.ToArray()));
        Service = await AloeServiceProcess.StartAsync(WriteSeed, environment: Settings);
    }

    public async Task DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }

        await Loopback.DisposeAsync();
        await Ipv6Loopback.DisposeAsync();
    }

    private static IReadOnlyList<string> WriteSeed(string dataDir)
    {
        var folder = Path.Combine(dataDir, "network-catalog");
        Directory.CreateDirectory(Path.Combine(folder, "apps", PairApp));
        File.WriteAllText(Path.Combine(folder, "apps", PairApp, "pair.sh"), "wc -c ${first} ${second} > sizes.txt\n");
        var seed = new JsonObject
        {
            ["tenantId"] = Tenant,
            ["apps"] = new JsonArray(new JsonObject
            {
                ["assetsFolder"] = $"apps/{PairApp}",
                ["app"] = new JsonObject
                {
                    ["id"] = PairApp,
                    ["name"] = "pair",
                    ["version"] = "1.0",
                    ["executionSystem"] = "local",
                    ["deploymentSystem"] = "local-storage",
                    ["deploymentPath"] = $"apps/{PairApp}",
                    ["templatePath"] = "pair.sh",
                    ["parallelism"] = "SERIAL",
                    ["defaultMaxRunTime"] = "00:10:00",
                    ["inputs"] = new JsonArray(E2eCatalog.Input("first"), E2eCatalog.Input("second")),
                    ["parameters"] = new JsonArray(),
                },
            }),
        };
        var seedFile = Path.Combine(folder, "network.json");
        File.WriteAllText(seedFile, seed.ToJsonString());
        return [seedFile];
    }
}
