using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AloeOrleans.Tests.Infrastructure;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// A PostgreSQL server of one test's own, run by the project's <c>scripts/pg.sh</c> in a temp folder on a free port,
/// so the test can stop and start it without disturbing the shared test server.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(90);
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), $"aloe-pg-{Guid.NewGuid():N}");
    private readonly int port = TestPorts.Free();

    private PrivatePostgres()
    {
    }

    /// <summary>An admin connection (database <c>postgres</c>) with a short connect timeout, so outages show quickly.</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=5";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var server = new PrivatePostgres();
        Directory.CreateDirectory(server.dataDir);
        await server.RunAsync("start");
        return server;
    }

    /// <summary>A clean, fast shutdown: open connections are cut, as in a database restart.</summary>
    public Task StopAsync() => RunAsync("stop");

    public Task StartAgainAsync() => RunAsync("start");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("stop");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private async Task RunAsync(string command)
    {
        var script = Path.Combine(Path.GetDirectoryName(PostgresDatabaseFixture.SqlFolder)!, "scripts", "pg.sh");
        var start = new ProcessStartInfo("bash", [script, command])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ALOE_DATA_DIR"] = dataDir;
        start.Environment["ALOE_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run scripts/pg.sh.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/pg.sh {command} exited {process.ExitCode}: {await output}{await errors}");
        }
    }

}
