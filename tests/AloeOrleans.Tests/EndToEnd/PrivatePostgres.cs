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
        UnitOnlyRun.RefuseServer("a private PostgreSQL server (scripts/pg.sh)");
    }

    /// <summary>
    /// An admin connection (database <c>postgres</c>, the server's generated password) with a short connect timeout, so
    /// outages show quickly.
    /// </summary>
    public string AdminConnectionString =>
        $"Host=127.0.0.1;Port={port};Username=postgres;Password={Password};Database=postgres;Timeout=5";

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port => port;

    /// <summary>The folder given to the script as <c>ALOE_DATA_DIR</c>.</summary>
    public string DataDir => dataDir;

    /// <summary>The file where <c>scripts/pg.sh</c> keeps the generated password of role postgres.</summary>
    public string PasswordFile => Path.Combine(dataDir, "pg-password");

    public string Password => File.ReadAllText(PasswordFile).Trim();

    public static async Task<PrivatePostgres> StartAsync()
    {
        var server = new PrivatePostgres();
        Directory.CreateDirectory(server.dataDir);
        await server.RunAsync("start");
        return server;
    }

    /// <summary>
    /// A server whose data folder <paramref name="prepare"/> (a bash script, run with <c>ALOE_DATA_DIR</c> and
    /// <c>ALOE_PG_PORT</c> set) laid out first, e.g. as an earlier version of the script did; then started.
    /// </summary>
    public static async Task<PrivatePostgres> StartAfterAsync(string prepare)
    {
        var server = new PrivatePostgres();
        Directory.CreateDirectory(server.dataDir);
        await server.RunScriptAsync("bash", ["-c", prepare]);
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

    private Task RunAsync(string command) =>
        RunScriptAsync("bash", [Path.Combine(Path.GetDirectoryName(PostgresDatabaseFixture.SqlFolder)!, "scripts", "pg.sh"), command]);

    private async Task RunScriptAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
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
            throw new InvalidOperationException($"{string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await errors}");
        }
    }

}
