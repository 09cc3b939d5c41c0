using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Cluster;

/// <summary>
/// The README's cluster commands for real: <c>./aloe up --silos 2</c> starts two silos on consecutive ports over one
/// database and data folder, <c>./aloe gateway</c> serves the API as their client, a job submitted to one silo is
/// listed through the gateway, and SIGTERM to the <c>up</c> script stops every silo cleanly.
/// </summary>
[NeedsServers]
public sealed class AloeUpClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(180);
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), $"aloe-up-{Guid.NewGuid():N}");
    private readonly string database = PostgresDatabaseFixture.NewDatabaseName();
    private readonly List<Process> scripts = [];

    public async Task InitializeAsync()
    {
        UnitOnlyRun.RefuseServer("./aloe up --silos 2");
        Directory.CreateDirectory(dataDir);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresDatabaseFixture.AdminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var script in scripts)
        {
            // Each script leads its own process group (setsid): end whatever is left of it.
            ProcessGroups.Signal(-script.Id, ProcessGroups.SIGKILL);
            script.Dispose();
        }

        await PostgresDatabaseFixture.DropDatabaseAsync(database);
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [Fact]
    public async Task Aloe_up_with_two_silos_and_aloe_gateway_serve_one_cluster_and_stop_on_SIGTERM()
    {
        var http = ConsecutiveFreePorts(2);
        var gatewayHttp = TestPorts.Free();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ALOE_DATA_DIR"] = dataDir,
            ["ConnectionStrings__Aloe"] = PostgresDatabaseFixture.ConnectionStringFor(database),
            ["ALOE_SILO_PORT_BASE"] = ConsecutiveFreePorts(2).ToString(CultureInfo.InvariantCulture),
            ["ALOE_GATEWAY_PORT_BASE"] = ConsecutiveFreePorts(2).ToString(CultureInfo.InvariantCulture),
            ["Orleans__ClusterId"] = $"up-{Guid.NewGuid():N}",
        };
        var up = Start(["up", "--silos", "2", "--urls", $"http://127.0.0.1:{http}"], environment, "up.log");
        var silos = new[] { new Uri($"http://127.0.0.1:{http}/"), new Uri($"http://127.0.0.1:{http + 1}/") };
        foreach (var silo in silos)
        {
            await WaitReadyAsync(silo, up);
        }

        var token = JwtTokenFactory.Create(new JwtOptions(), DevelopmentSigningKey.LoadOrCreate(Path.Combine(dataDir, SigningKeyResolver.DefaultFileName)),
            "dev", "alice", [], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        var input = Path.Combine(dataDir, "tenants", "dev", "local-storage", "alice", "words.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        await File.WriteAllTextAsync(input, "one two three\n");
        using var second = new JobsClient(silos[1], token, () => Log("up.log"));
        var id = await second.SubmitOkAsync(new
        {
            name = "up-cluster", appId = "wc-1.0", archive = false, inputs = new { inputFile = "agave://local-storage/alice/words.txt" },
        });
        await second.WaitForStatusAsync(id, status => status == "FINISHED", TimeSpan.FromSeconds(90), "FINISHED");

        var gateway = Start(["gateway", "--urls", $"http://127.0.0.1:{gatewayHttp}"], environment, "gateway.log");
        var gatewayUri = new Uri($"http://127.0.0.1:{gatewayHttp}/");
        await WaitReadyAsync(gatewayUri, gateway);
        using var viaGateway = new JobsClient(gatewayUri, token, () => Log("gateway.log"));
        Assert.Equal("FINISHED", (await viaGateway.GetJobAsync(id)).Result.GetProperty("status").GetString());

        // Ctrl-C or SIGTERM to the script stops the whole cluster gracefully.
        ProcessGroups.Signal(gateway.Id, ProcessGroups.SIGTERM);
        ProcessGroups.Signal(up.Id, ProcessGroups.SIGTERM);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await up.WaitForExitAsync(deadline.Token);
        await gateway.WaitForExitAsync(deadline.Token);
        Assert.True(up.ExitCode == 0, $"./aloe up exited {up.ExitCode}: {Log("up.log")}");
        Assert.Empty(ProcessGroups.Members(up.Id));
        Assert.Contains("stopping 2 silo(s)", Log("up.log"), StringComparison.Ordinal);
    }

    private Process Start(string[] arguments, IReadOnlyDictionary<string, string> environment, string logName)
    {
        var aloe = Path.Combine(Path.GetDirectoryName(PostgresDatabaseFixture.SqlFolder)!, "aloe");
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = dataDir };
        foreach (var argument in new[] { "bash", "-c", "exec \"$0\" \"$@\" >>\"$ALOE_TEST_LOG\" 2>&1 </dev/null", aloe }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment["ALOE_TEST_LOG"] = Path.Combine(dataDir, logName);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start ./aloe.");
        scripts.Add(process);
        return process;
    }

    private async Task WaitReadyAsync(Uri service, Process script)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTimeOffset.UtcNow + ReadyTimeout;
        while (true)
        {
            Assert.False(script.HasExited, $"./aloe exited {(script.HasExited ? script.ExitCode : 0)} before {service} was ready: {Log("up.log")}{Log("gateway.log")}");
            try
            {
                using var response = await http.GetAsync(new Uri(service, "health/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{service} was not ready within {ReadyTimeout.TotalSeconds:0} s: {Log("up.log")}{Log("gateway.log")}");
            await Task.Delay(500);
        }
    }

    private string Log(string name)
    {
        var path = Path.Combine(dataDir, name);
        var silos = Path.Combine(dataDir, "logs");
        var text = File.Exists(path) ? File.ReadAllText(path) : $"(no {name})";
        if (Directory.Exists(silos))
        {
            foreach (var log in Directory.GetFiles(silos))
            {
                text += $"\n--- {Path.GetFileName(log)}:\n" + string.Join('\n', File.ReadLines(log).TakeLast(40));
            }
        }

        return text;
    }

    /// <summary>The first of <paramref name="count"/> consecutive ports that were all free a moment ago.</summary>
    private static int ConsecutiveFreePorts(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = TestPorts.Free();
            if (first + count - 1 <= 65535 && Enumerable.Range(first + 1, count - 1).All(IsFree))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
