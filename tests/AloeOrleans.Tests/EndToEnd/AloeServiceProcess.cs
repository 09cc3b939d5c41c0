using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Tests.Infrastructure;
using Npgsql;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// The real service (<c>AloeOrleans.Silo.dll run</c>) as a child process with its own fresh database, data folder,
/// ports and cluster id, exactly as <c>./aloe up</c> runs it. It can be killed (SIGKILL), stopped (SIGTERM) and
/// started again on the same database and data folder, which is what the durability tests need.
/// </summary>
public sealed class AloeServiceProcess : IAsyncDisposable
{
    /// <summary>How long the service may take from process start to <c>/health/ready</c> answering 200.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient health = new() { Timeout = TimeSpan.FromSeconds(10) };
    private IReadOnlyList<string> extraSeedFiles = [];
    private IReadOnlyDictionary<string, string> extraEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);
    private Process? process;
    private int starts;

    // The server the service's database lives on: the shared test server unless a test brings its own.
    private readonly string adminConnectionString;

    // False for a peer (another silo of the same cluster): the first process owns the database and the data folder.
    private readonly bool ownsStorage = true;

    // The silo command: "run" for a silo, "gateway" for the HTTP API as an Orleans client of the silos.
    private string command = "run";

    private AloeServiceProcess(string? adminConnectionString)
    {
        UnitOnlyRun.RefuseServer("the service run as a child process");
        this.adminConnectionString = adminConnectionString ?? PostgresDatabaseFixture.AdminConnectionString;
        DatabaseName = PostgresDatabaseFixture.NewDatabaseName();
        ConnectionString = new NpgsqlConnectionStringBuilder(this.adminConnectionString) { Database = DatabaseName }.ConnectionString;
        DataDir = Path.Combine(Path.GetTempPath(), $"aloe-e2e-{Guid.NewGuid():N}");
        HttpPort = TestPorts.Free();
        SiloPort = TestPorts.Free();
        ClusterId = $"e2e-{Guid.NewGuid():N}";
        BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/");
    }

    private AloeServiceProcess(AloeServiceProcess first)
    {
        UnitOnlyRun.RefuseServer("the service run as a child process");
        adminConnectionString = first.adminConnectionString;
        ownsStorage = false;
        DatabaseName = first.DatabaseName;
        ConnectionString = first.ConnectionString;
        DataDir = first.DataDir;
        HttpPort = TestPorts.Free();
        SiloPort = TestPorts.Free();
        ClusterId = first.ClusterId;
        BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/");
        extraSeedFiles = first.extraSeedFiles;
    }

    public string DatabaseName { get; }

    public string ConnectionString { get; }

    public string DataDir { get; }

    public int HttpPort { get; private set; }

    public int SiloPort { get; private set; }

    public string ClusterId { get; }

    public Uri BaseAddress { get; private set; }

    /// <summary>Stdout and stderr of every start of the service, appended.</summary>
    public string LogFile => Path.Combine(DataDir, ownsStorage ? "service.log" : $"{command}-{HttpPort}.log");

    /// <summary>The exit code of the last stop by SIGTERM (<see cref="StopAsync"/>), or null before one.</summary>
    public int? LastExitCode { get; private set; }

    /// <summary>The process id of the running service, or null when it is not running.</summary>
    public int? ProcessId => process is { HasExited: false } running ? running.Id : null;

    /// <summary>The folder holding the silo (the test project references it, so its build output is copied here).</summary>
    public static string SiloFolder { get; } = FindSiloFolder();

    /// <summary>
    /// Creates the database and data folder, then starts the service and waits until it is ready.
    /// <paramref name="writeSeedFiles"/> gets the data folder and returns seed files (absolute paths) it wrote there;
    /// they are seeded after the default <c>catalog/dev.json</c>. <paramref name="adminConnectionString"/> names
    /// another PostgreSQL server to create the database on (a test that stops its database brings its own).
    /// <paramref name="environment"/> adds environment variables to every start of the service, after the harness's
    /// own, so a test can set configuration (e.g. <c>Aloe__Monitoring__StepsBySystem__…</c>) or override the harness.
    /// </summary>
    public static async Task<AloeServiceProcess> StartAsync(
        Func<string, IReadOnlyList<string>>? writeSeedFiles = null, string? adminConnectionString = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var service = new AloeServiceProcess(adminConnectionString);
        if (environment is not null)
        {
            service.extraEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        }

        try
        {
            Directory.CreateDirectory(service.DataDir);
            service.extraSeedFiles = writeSeedFiles?.Invoke(service.DataDir) ?? [];
            DevelopmentSigningKey.LoadOrCreate(service.SigningKeyFile);
            await service.CreateDatabaseAsync();
            await service.LaunchAndWaitReadyAsync();
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Another silo of <paramref name="first"/>'s cluster, as a second host would run it: the same database, data folder,
    /// cluster id and seed files, its own HTTP and silo ports. Disposing it leaves the first process's storage alone.
    /// </summary>
    public static async Task<AloeServiceProcess> StartPeerAsync(AloeServiceProcess first, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        var peer = new AloeServiceProcess(first);
        if (environment is not null)
        {
            peer.extraEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        }

        try
        {
            await peer.LaunchAndWaitReadyAsync();
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A gateway-only process (<c>gateway</c>: the HTTP API as an Orleans client) of <paramref name="first"/>'s cluster,
    /// which must have its client gateway port open (<c>Orleans__GatewayPort</c>).
    /// </summary>
    public static async Task<AloeServiceProcess> StartGatewayAsync(AloeServiceProcess first, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        var gateway = new AloeServiceProcess(first) { command = "gateway" };
        if (environment is not null)
        {
            gateway.extraEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        }

        try
        {
            await gateway.LaunchAndWaitReadyAsync();
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the service on a fresh database and data folder with <paramref name="environment"/> added, expecting it to
    /// exit by itself (a refused configuration) within <paramref name="timeout"/>; returns its exit code and output.
    /// Throws when it is still running then.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        await using var service = new AloeServiceProcess(adminConnectionString: null)
        {
            extraEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal),
        };
        Directory.CreateDirectory(service.DataDir);
        DevelopmentSigningKey.LoadOrCreate(service.SigningKeyFile);
        await service.CreateDatabaseAsync();
        var running = await service.LaunchAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await running.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The service did not exit within {timeout.TotalSeconds:0} s. {service.Diagnostics()}");
        }

        return (running.ExitCode, service.LogTail(200));
    }

    /// <summary>A token the service accepts (signed with the key in this service's data folder).</summary>
    public string TokenFor(string tenant, string user, params string[] roles) =>
        JwtTokenFactory.Create(new JwtOptions(), DevelopmentSigningKey.LoadOrCreate(SigningKeyFile), tenant, user, roles,
            DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));

    /// <summary>A client for <c>/jobs/v2</c> acting as <paramref name="user"/> of <paramref name="tenant"/>.</summary>
    public JobsClient ClientFor(string tenant, string user, params string[] roles) =>
        new(BaseAddress, TokenFor(tenant, user, roles), Diagnostics);

    /// <summary>SIGKILL: the service dies at once, in whatever state it is, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (process is not { } running)
        {
            return;
        }

        if (!running.HasExited)
        {
            running.Kill();
        }

        await WaitForExitAsync(running, "after SIGKILL");
        running.Dispose();
        process = null;
    }

    /// <summary>SIGTERM and wait for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (process is not { } running)
        {
            return;
        }

        if (!running.HasExited)
        {
            ProcessGroups.Signal(running.Id, ProcessGroups.SIGTERM);
        }

        await WaitForExitAsync(running, "after SIGTERM");
        LastExitCode = running.ExitCode;
        running.Dispose();
        process = null;
    }

    /// <summary>Starts the service again with the same database, data folder, ports and cluster id.</summary>
    public async Task RestartAsync()
    {
        if (process is { HasExited: false })
        {
            throw new InvalidOperationException("The service is still running: kill or stop it before restarting it.");
        }

        await LaunchAndWaitReadyAsync();
    }

    /// <summary>The last <paramref name="lines"/> lines of the service log.</summary>
    public string LogTail(int lines = 60)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException exception)
        {
            return $"(no service log: {exception.Message})";
        }
    }

    /// <summary>What a failure message should carry about the service.</summary>
    public string Diagnostics() =>
        $"Service {BaseAddress} (pid {ProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, " +
        $"data {DataDir}), last lines of {LogFile}:\n{LogTail()}";

    /// <summary>Rows in a table of the service's database.</summary>
    public async Task<long> CountRowsAsync(string table)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            health.Dispose();
            if (ownsStorage)
            {
                KillLeftoverJobProcesses();
                if (adminConnectionString == PostgresDatabaseFixture.AdminConnectionString)
                {
                    await PostgresDatabaseFixture.DropDatabaseAsync(DatabaseName);
                }

                TryDeleteDataDir();
            }
        }
    }

    private string SigningKeyFile => Path.Combine(DataDir, SigningKeyResolver.DefaultFileName);

    private async Task CreateDatabaseAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Starts the service and waits until it is ready. A port of <see cref="TestPorts.Free"/> may be taken by another
    /// process before the service binds it (test classes start services in parallel): a first start that fails for that
    /// alone is tried again on new ports. A restart keeps its ports, as a restarted service must.
    /// </summary>
    private async Task LaunchAndWaitReadyAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var running = await LaunchAsync();
            try
            {
                await WaitReadyAsync(running);
                return;
            }
            catch (InvalidOperationException) when (starts == attempt && attempt < 3 && running.HasExited
                                                      && LogTail(400).Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await File.AppendAllTextAsync(LogFile, $"==== e2e harness: port {HttpPort} or {SiloPort} was taken; new ports ====\n");
                HttpPort = TestPorts.Free();
                SiloPort = TestPorts.Free();
                BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/");
            }
        }
    }

    private async Task<Process> LaunchAsync()
    {
        starts++;
        await File.AppendAllTextAsync(LogFile, $"==== e2e harness: start #{starts} at {DateTimeOffset.UtcNow:O} ====\n");

        // bash execs into dotnet with stdout/stderr on the log file: the pid is the service's own, and no pipe to this
        // process exists that the detached job wrappers (which inherit the service's descriptors) could keep open.
        var start = new ProcessStartInfo("/bin/bash")
        {
            UseShellExecute = false,
            WorkingDirectory = DataDir,
        };
        foreach (var argument in new[]
                 {
                     "-c", "exec \"$0\" \"$@\" >>\"$ALOE_E2E_LOG\" 2>&1 </dev/null",
                     "dotnet", Path.Combine(SiloFolder, "AloeOrleans.Silo.dll"), command, "--urls", $"http://127.0.0.1:{HttpPort}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var environment = start.Environment;
        environment["ALOE_E2E_LOG"] = LogFile;
        environment["ConnectionStrings__Aloe"] = ConnectionString;
        environment["ALOE_DATA_DIR"] = DataDir;
        environment["Orleans__SiloPort"] = SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Orleans__ClusterId"] = ClusterId;
        environment["Orleans__ServiceId"] = ClusterId;
        environment["Aloe__Catalog__SeedFiles__0"] = Path.Combine(SiloFolder, "catalog", "dev.json");
        for (var i = 0; i < extraSeedFiles.Count; i++)
        {
            environment[$"Aloe__Catalog__SeedFiles__{i + 1}"] = extraSeedFiles[i];
        }

        environment.Remove("ASPNETCORE_URLS");
        // The embedded default's environment, as `./aloe up` runs it: the development defaults (generated key, dev
        // catalog) and appsettings.Development.json (loopback inputs and SSH hosts allowed).
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (name, value) in extraEnvironment)
        {
            environment[name] = value;
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service process.");
        return process;
    }

    private async Task WaitReadyAsync(Process running)
    {
        var deadline = DateTimeOffset.UtcNow + ReadyTimeout;
        var last = "no answer yet";
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (running.HasExited)
            {
                throw new InvalidOperationException(
                    $"The service exited with code {running.ExitCode} before it was ready. {Diagnostics()}");
            }

            try
            {
                using var response = await health.GetAsync(new Uri(BaseAddress, "health/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException exception)
            {
                last = exception.Message;
            }
            catch (TaskCanceledException exception)
            {
                last = exception.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException(
            $"GET /health/ready did not answer 200 within {ReadyTimeout.TotalSeconds:0} s (last: {last}). {Diagnostics()}");
    }

    private async Task WaitForExitAsync(Process running, string when)
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await running.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(
                $"The service (pid {running.Id}) did not exit within {StopTimeout.TotalSeconds:0} s {when}. {Diagnostics()}");
        }
    }

    /// <summary>Job wrappers run in their own sessions and outlive the service: end any a test left running.</summary>
    private void KillLeftoverJobProcesses()
    {
        var work = LocalLayout.TenantsFolder(DataDir);
        if (!Directory.Exists(work))
        {
            return;
        }

        foreach (var pidFile in Directory.EnumerateFiles(work, "pid", ProcessGroups.PidFileSearch))
        {
            if (Path.GetFileName(Path.GetDirectoryName(pidFile)) == ".aloe"
                && int.TryParse(File.ReadAllText(pidFile).Trim(), out var group) && group > 1)
            {
                ProcessGroups.Signal(-group, ProcessGroups.SIGKILL);
            }
        }
    }

    private void TryDeleteDataDir()
    {
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived the test may still write there; the folder is in the temp dir.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }


    private static string FindSiloFolder()
    {
        var folder = AppContext.BaseDirectory;
        string[] required =
        [
            "AloeOrleans.Silo.dll", "AloeOrleans.Silo.runtimeconfig.json", "appsettings.json", "appsettings.Development.json", "catalog/dev.json", "sql",
        ];
        var missing = required.Where(name => !File.Exists(Path.Combine(folder, name)) && !Directory.Exists(Path.Combine(folder, name))).ToList();
        return missing.Count == 0
            ? folder
            : throw new FileNotFoundException(
                $"The silo's build output is incomplete in {folder} (missing {string.Join(", ", missing)}); " +
                "the test project references the silo project, so `dotnet build` of the tests should copy it.");
    }
}
