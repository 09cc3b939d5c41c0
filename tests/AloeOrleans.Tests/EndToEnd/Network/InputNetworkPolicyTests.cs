using System.Collections.Concurrent;
using System.Net;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Network;

/// <summary>
/// SSRF over HTTP against the real service: http(s), ftp and SSH destinations inside the network are refused before
/// any connection (the servers count what reaches them), redirects are checked like the first URL, and an FTP
/// server cannot send the data connection elsewhere. Only 127.0.0.2 is allowed (<see cref="NetworkPolicyServiceFixture"/>).
/// </summary>
[NeedsServers]
[Collection(NetworkPolicyCollection.Name)]
public sealed class InputNetworkPolicyTests(NetworkPolicyServiceFixture fixture)
{
    private const string Setting = "Aloe:Staging:AllowedNetworks";

    public static TheoryData<string, string, string> RefusedInputs() => new()
    {
        { "cloud metadata", "http://169.254.169.254/latest/meta-data/iam/security-credentials/", "is a link-local address" },
        { "private network", "http://10.0.0.1/admin", "is a private address (RFC 1918)" },
        { "carrier-grade NAT (a cloud's metadata)", "http://100.100.100.200/latest/meta-data/", "is a carrier-grade NAT address" },
        { "IPv6 loopback", "http://{v6}/secret.txt", "::1]' is a loopback address" },
        { "localhost", "http://localhost:{port}/secret.txt", "'localhost' resolves to a loopback address" },
        { "127.0.0.1", "http://{v4}/secret.txt", "'127.0.0.1' is a loopback address" },
        { "IPv4-mapped IPv6 loopback", "http://[::ffff:127.0.0.1]:{port}/secret.txt", "is a loopback address" },
        { "unspecified", "http://0.0.0.0:{port}/secret.txt", "is the unspecified address" },
        { "ftp to loopback", "ftp://{v4}/secret.txt", "'127.0.0.1' is a loopback address" },
        { "ftp to cloud metadata", "ftp://169.254.169.254/x", "is a link-local address" },
    };

    [Theory]
    [MemberData(nameof(RefusedInputs))]
    public async Task An_input_inside_the_network_fails_naming_the_rule_and_nothing_is_connected_to(string what, string template, string expected)
    {
        var (v4, v6) = (fixture.Loopback, fixture.Ipv6Loopback);
        var (v4Before, v6Before) = (v4.Connections, v6.Connections);
        var url = template.Replace("{v4}", v4.Authority, StringComparison.Ordinal).Replace("{v6}", v6.Authority, StringComparison.Ordinal)
            .Replace("{port}", v4.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var job = await NetworkJobs.RunWcAsync(fixture.Service, url);

        Assert.True(job.Status == "FAILED", $"{what}: job {job.Id} ended {job.Status}: {job.Message}");
        Assert.Contains(expected, job.Message, StringComparison.Ordinal);
        Assert.Contains(Setting, job.Message, StringComparison.Ordinal);
        Assert.Equal((v4Before, v6Before), (v4.Connections, v6.Connections));
    }

    [Fact]
    public void The_service_says_at_start_which_networks_it_will_reach()
    {
        var log = fixture.Service.LogTail(int.MaxValue);

        Assert.Contains("inputs may reach public addresses and these other networks: 127.0.0.2/32 (Aloe:Staging:AllowedNetworks)", log, StringComparison.Ordinal);
        Assert.Contains("SSH and SFTP systems may be reached at public addresses and in these other networks: 127.0.0.2/32 (Aloe:Ssh:AllowedNetworks)",
            log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_input_on_the_allowed_address_is_fetched()
    {
        await using var files = ScriptedTcpServer.Start(NetworkPolicyServiceFixture.AllowedAddress, HostileHttp.Serves("one two three\n"u8.ToArray()));

        var job = await NetworkJobs.RunWcAsync(fixture.Service, $"http://{files.Authority}/words.txt");

        Assert.True(job.Status == "FINISHED", $"job {job.Id} ended {job.Status}: {job.Message}");
        Assert.Equal(1, files.Connections);
    }

    [Fact]
    public async Task A_redirect_from_an_allowed_server_to_a_refused_one_is_refused_and_the_second_server_sees_nothing()
    {
        var refused = fixture.Loopback;
        var before = refused.Connections;
        var requests = new ConcurrentQueue<string>();
        await using var redirector = ScriptedTcpServer.Start(NetworkPolicyServiceFixture.AllowedAddress,
            HostileHttp.RedirectsTo(() => $"http://{refused.Authority}/secret.txt", requests.Enqueue));

        var job = await NetworkJobs.RunWcAsync(fixture.Service, $"http://{redirector.Authority}/public.txt");

        Assert.True(job.Status == "FAILED", $"job {job.Id} ended {job.Status}: {job.Message}");
        Assert.Contains("host '127.0.0.1' is a loopback address", job.Message, StringComparison.Ordinal);
        Assert.Contains(Setting, job.Message, StringComparison.Ordinal);
        // Requests, not connections: a recovery test of another job's gone input server may connect to a reused port.
        Assert.Equal(["GET /public.txt HTTP/1.1"], requests);
        Assert.Equal(before, refused.Connections);
    }

    [Fact]
    public async Task Redirects_are_followed_at_most_the_configured_number_of_times()
    {
        ScriptedTcpServer? loop = null;
        var requests = new ConcurrentQueue<string>();
        loop = ScriptedTcpServer.Start(NetworkPolicyServiceFixture.AllowedAddress,
            HostileHttp.RedirectsTo(() => $"http://{loop!.Authority}/again", requests.Enqueue));
        await using var _ = loop;

        var job = await NetworkJobs.RunWcAsync(fixture.Service, $"http://{loop.Authority}/start");

        Assert.True(job.Status == "FAILED", $"job {job.Id} ended {job.Status}: {job.Message}");
        Assert.Contains($"redirected more than {NetworkPolicyServiceFixture.MaxRedirects} times", job.Message, StringComparison.Ordinal);
        Assert.Contains("Aloe:Staging:MaxHttpRedirects", job.Message, StringComparison.Ordinal);
        Assert.Equal(["GET /start HTTP/1.1", .. Enumerable.Repeat("GET /again HTTP/1.1", NetworkPolicyServiceFixture.MaxRedirects)], requests);
    }

    [Fact]
    public async Task An_ftp_server_whose_PASV_reply_names_another_host_gets_its_data_connection_on_its_own_address()
    {
        // The PASV reply names 127.0.0.1 at the data port; a decoy listens there. The data connection must go to the
        // control connection's address (127.0.0.2) instead, where the file is.
        var (ftp, decoy) = await StartFtpWithDecoyAsync();
        await using var ftpServer = ftp;
        await using var decoyServer = decoy;

        var job = await NetworkJobs.RunWcAsync(fixture.Service, ftp.Url("words.txt"));

        Assert.True(job.Status == "FINISHED", $"job {job.Id} ended {job.Status}: {job.Message}");
        Assert.Equal(1, ftp.DataConnections);
        Assert.Equal(0, decoy.Connections);
    }

    [Fact]
    public async Task An_app_deployed_on_an_ssh_system_at_a_refused_address_is_refused_at_registration_without_connecting()
    {
        using var admin = new Remote.CatalogAdminClient(fixture.Service, NetworkPolicyServiceFixture.Tenant);
        var (sshd, systemId) = await RegisterSshSystemOnLoopbackAsync(admin);
        await using var _ = sshd;

        var response = await admin.PostAsync("apps/v2", PairAppOn(systemId, deploymentSystem: systemId));

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Contains($"the SSH host '127.0.0.1' of system '{systemId}' is a loopback address", response.Message, StringComparison.Ordinal);
        Assert.Contains("Aloe:Ssh:AllowedNetworks", response.Message, StringComparison.Ordinal);
        Assert.Equal(0, sshd.Connections);
    }

    [Fact]
    public async Task An_ssh_system_on_a_refused_address_fails_the_job_naming_the_ssh_allow_list_without_connecting()
    {
        using var admin = new Remote.CatalogAdminClient(fixture.Service, NetworkPolicyServiceFixture.Tenant);
        var (sshd, systemId) = await RegisterSshSystemOnLoopbackAsync(admin);
        await using var _ = sshd;
        // The template is read from the operator's storage, so registration succeeds; the job then runs on the SSH system.
        await admin.RegisterAppAsync(PairAppOn(systemId, deploymentSystem: "local-storage"));

        var job = await NetworkJobs.RunAsync(fixture.Service, $"{systemId}-1.0", new { });

        Assert.True(job.Status == "FAILED", $"job {job.Id} ended {job.Status}: {job.Message}");
        Assert.Contains($"the SSH host '127.0.0.1' of system '{systemId}' is a loopback address", job.Message, StringComparison.Ordinal);
        Assert.Contains("Aloe:Ssh:AllowedNetworks", job.Message, StringComparison.Ordinal);
        Assert.Equal(0, sshd.Connections);
    }

    /// <summary>An SSH system whose host is 127.0.0.1 (refused by the allow-list), with an sshd there counting connections.</summary>
    private static async Task<(ScriptedTcpServer Sshd, string SystemId)> RegisterSshSystemOnLoopbackAsync(Remote.CatalogAdminClient admin)
    {
        var sshd = ScriptedTcpServer.Start(IPAddress.Loopback, async (stream, ct) =>
            await stream.WriteAsync("SSH-2.0-OpenSSH_9.6\r\n"u8.ToArray(), ct));
        var systemId = $"internal-{Guid.NewGuid():N}"[..20];
        try
        {
            await admin.RegisterSystemAsync(SshSystem(systemId, sshd.Port));
            return (sshd, systemId);
        }
        catch
        {
            await sshd.DisposeAsync();
            throw;
        }
    }

    /// <summary>The fixture's pair template, with both inputs optional, run on <paramref name="executionSystem"/>.</summary>
    private static System.Text.Json.Nodes.JsonObject PairAppOn(string executionSystem, string deploymentSystem) => new()
    {
        ["name"] = executionSystem,
        ["version"] = "1.0",
        ["executionSystem"] = executionSystem,
        ["deploymentSystem"] = deploymentSystem,
        ["deploymentPath"] = $"apps/{NetworkPolicyServiceFixture.PairApp}",
        ["templatePath"] = "pair.sh",
        ["parallelism"] = "SERIAL",
        ["defaultMaxRunTime"] = "00:10:00",
        ["inputs"] = new System.Text.Json.Nodes.JsonArray(E2eCatalog.Input("first", required: false), E2eCatalog.Input("second", required: false)),
        ["parameters"] = new System.Text.Json.Nodes.JsonArray(),
    };

    private static System.Text.Json.Nodes.JsonObject SshSystem(string id, int port)
    {
        System.Text.Json.Nodes.JsonObject Endpoint(string protocol) => new()
        {
            ["protocol"] = protocol,
            ["host"] = "127.0.0.1",
            ["port"] = port,
            ["hostKeyFingerprint"] = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('='),
            ["auth"] = new System.Text.Json.Nodes.JsonObject { ["username"] = "nobody", ["type"] = "PASSWORD", ["password"] = "never-sent" },
        };

        var storage = Endpoint("SFTP");
        storage["rootDir"] = "/tmp/never";
        return new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = id,
            ["name"] = "An internal host",
            ["type"] = "EXECUTION",
            ["executionType"] = "CLI",
            ["scheduler"] = "FORK",
            ["login"] = Endpoint("SSH"),
            ["storage"] = storage,
            ["workDir"] = "work",
        };
    }

    /// <summary>
    /// The FTP server on 127.0.0.2 and the decoy on 127.0.0.1 at the same data port. That port number was free on
    /// 127.0.0.2, not necessarily on 127.0.0.1, where the other tests' connections take ephemeral ports: when the decoy
    /// cannot bind it, both start again on a new port.
    /// </summary>
    private static async Task<(HostileFtpServer Ftp, ScriptedTcpServer Decoy)> StartFtpWithDecoyAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var ftp = HostileFtpServer.Start(NetworkPolicyServiceFixture.AllowedAddress, HostileFtpServer.Sends("one two\n"u8.ToArray()),
                announcedAddress: IPAddress.Loopback);
            try
            {
                return (ftp, ScriptedTcpServer.Start(IPAddress.Loopback, HostileHttp.Serves("decoy\n"u8.ToArray()), ftp.DataPort));
            }
            catch (System.Net.Sockets.SocketException exception) when (exception.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse && attempt < 5)
            {
                await ftp.DisposeAsync();
            }
        }
    }
}
