using AloeOrleans.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Queues;
using AloeOrleans.Grains.Recovery;
using AloeOrleans.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AloeOrleans.Tests.Grains;

/// <summary>
/// One real silo in this process, built like the product's: <c>AddAloeServices</c> against the fixture's PostgreSQL
/// database (the aloe_* stores are the real ones), localhost clustering, in-memory reminders, the recovery startup
/// task, and the catalog seeded from the silo's <c>catalog/dev.json</c> plus <see cref="TestApps"/>. Stopping and
/// starting another one on the same database and data dir is a restart.
/// </summary>
public sealed class GrainTestSilo : IAsyncDisposable
{
    public const string ServiceId = "aloe-grain-tests";
    public const string Tenant = "dev";
    public const string Owner = "alice";

    private readonly IHost _host;
    private bool _stopped;

    private GrainTestSilo(IHost host, string dataDir)
    {
        _host = host;
        DataDir = dataDir;
    }

    /// <summary>The silo's <c>Aloe:DataDir</c>: LOCAL systems live under <c>tenants/&lt;tenant&gt;/</c> in it.</summary>
    public string DataDir { get; }

    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    /// <summary>The root of the <c>local-storage</c> system (default storage: inputs and archives).</summary>
    public string StorageRoot => EndToEnd.LocalLayout.Storage(DataDir, Tenant);

    /// <summary>Starts a silo; <paramref name="dataDir"/> is created when null (a restart passes the previous one).</summary>
    public static async Task<GrainTestSilo> StartAsync(string connectionString, GrainSiloSettings? settings = null, string? dataDir = null)
    {
        settings ??= new GrainSiloSettings();
        dataDir ??= Directory.CreateTempSubdirectory("aloe-grains-").FullName;
        var testSeed = TestApps.WriteSeed(Path.Combine(dataDir, "test-seed"));
        var devSeed = Path.Combine(AppContext.BaseDirectory, "catalog", "dev.json");
        if (!File.Exists(devSeed))
        {
            throw new FileNotFoundException($"The silo's catalog/dev.json was not copied to the test output ({devSeed}).");
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aloe:DataDir"] = dataDir,
            ["Aloe:Catalog:SeedFiles:0"] = devSeed,
            ["Aloe:Catalog:SeedFiles:1"] = testSeed,
            ["Aloe:Queues:NumWorkers"] = settings.NumWorkers.ToString(CultureInfo.InvariantCulture),
            ["Aloe:Queues:MaxMessages"] = settings.MaxMessages.ToString(CultureInfo.InvariantCulture),
            ["Aloe:Queues:ReconcileInterval"] = settings.ReconcileInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Aloe:Monitoring:StepsBySystem:local:0:Count"] = "1000000",
            ["Aloe:Monitoring:StepsBySystem:local:0:Interval"] = settings.LocalCheckInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Aloe:Execution:KillGracePeriod"] = "00:00:02",
            ["Aloe:Staging:HttpTimeout"] = "00:00:20",
            // The test servers listen on 127.0.0.1, as in the Development environment.
            ["Aloe:Staging:AllowedNetworks"] = "127.0.0.0/8",
            ["Aloe:Ssh:AllowedNetworks"] = "127.0.0.0/8",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddAloeServices(builder.Configuration, connectionString);
        builder.Services.AddAloeSiloWork();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(TestPorts.Free(), TestPorts.Free(), serviceId: ServiceId, clusterId: $"grains-{Guid.NewGuid():N}"[..20]);
            silo.UseInMemoryReminderService();
            silo.AddStartupTask<JobRecoveryStartupTask>();
        });

        var host = builder.Build();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await host.StartAsync(timeout.Token);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        var silo = new GrainTestSilo(host, dataDir);
        await silo.EnsureSeededAsync();
        return silo;
    }

    /// <summary>The tenant's DefaultQueue as the router creates it (with <c>Aloe:Queues</c> limits).</summary>
    public async Task<string> DefaultQueueAsync()
    {
        var options = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<QueueDefaultsOptions>>().Value;
        var queue = await Services.GetRequiredService<IQueueStore>().EnsureDefaultAsync(Tenant, options.NumWorkers, options.MaxMessages, CancellationToken.None);
        return queue.Name;
    }

    /// <summary>A queue of its own for one test, so tests sharing a database never share counts.</summary>
    public async Task<string> CreateQueueAsync(int numWorkers, int maxMessages)
    {
        var name = $"aloe.jobq.{Tenant}.submit.t{Guid.NewGuid():N}";
        await using var command = Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand(
            "INSERT INTO aloe_queues (name, tenant_id, priority, filter, num_workers, max_messages) " +
            "VALUES (@name, @tenant, (SELECT coalesce(max(priority), 1) + 1 FROM aloe_queues WHERE tenant_id = @tenant), 'TRUE', @workers, @max)");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("tenant", Tenant);
        command.Parameters.AddWithValue("workers", numWorkers);
        command.Parameters.AddWithValue("max", maxMessages);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    public ITenantQueueGrain Queue(string name) => GrainFactory.GetGrain<ITenantQueueGrain>(name);

    public IJobGrain Job(Guid uuid) => GrainFactory.GetGrain<IJobGrain>(uuid);

    /// <summary>A submission the gateway would have produced for <paramref name="appId"/>, archiving to the default storage.</summary>
    public async Task<JobSubmission> SubmissionAsync(string appId, string queue, string inputsJson = "{}", string parametersJson = "{}",
        string? idempotencyKey = null, string name = "grain-test", string owner = Owner)
    {
        var app = await Services.GetRequiredService<ICatalog>().FindAppAsync(Tenant, appId)
                  ?? throw new InvalidOperationException($"App {appId} is not in the catalog: the seeder did not run.");
        return new JobSubmission
        {
            Spec = new JobSpec
            {
                Name = name,
                SystemId = app.ExecutionSystem,
                AppId = app.Id,
                AppUuid = app.Uuid,
                Inputs = inputsJson,
                Parameters = parametersJson,
                Resources = new JobResourceRequest { MaxHours = 1 },
                Archive = new JobArchiveRequest { Enabled = true, SystemId = "local-storage" },
            },
            TenantId = Tenant,
            TenantQueue = queue,
            Owner = owner,
            IdempotencyKey = idempotencyKey,
        };
    }

    /// <summary>Accepts a <see cref="TestApps.GateApp"/> job waiting on gate <paramref name="gate"/>; fails unless accepted.</summary>
    public async Task<Guid> AcceptGatedAsync(string queue, string gate, string owner = Owner)
    {
        var uuid = Guid.NewGuid();
        var result = await Job(uuid).AcceptAsync(await SubmissionAsync(TestApps.GateApp, queue, parametersJson: GateParameters(gate), name: gate, owner: owner));
        Xunit.Assert.True(result.Outcome == AcceptOutcome.Accepted, $"Job {gate} was not accepted: {result.Outcome} {result.Message}");
        return uuid;
    }

    /// <summary>Polls the queue grain's snapshot until <paramref name="condition"/> holds.</summary>
    public async Task<QueueSnapshot> WaitForQueueAsync(string queue, Func<QueueSnapshot, bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var snapshot = await Queue(queue).GetSnapshotAsync();
            if (condition(snapshot))
            {
                return snapshot;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new Xunit.Sdk.XunitException($"Queue {queue} did not reach '{what}' within 30 s; last snapshot: {snapshot}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The path of a gate file: a <see cref="TestApps.GateApp"/> job waits until it exists.</summary>
    public string GatePath(string name) => Path.Combine(DataDir, "gates", name);

    /// <summary>Lets every gated job waiting on <paramref name="name"/> finish.</summary>
    public void OpenGate(string name)
    {
        Directory.CreateDirectory(Path.Combine(DataDir, "gates"));
        File.WriteAllText(GatePath(name), "open");
    }

    /// <summary>Parameters of a gated job.</summary>
    public string GateParameters(string name) => $"{{\"gate\": {System.Text.Json.JsonSerializer.Serialize(GatePath(name))}}}";

    /// <summary>Stops the silo but keeps the data dir and whatever the jobs launched (a crash of the service).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }

    /// <summary>Stops the silo, kills every job process it launched and deletes the data dir.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            KillJobProcesses(DataDir);
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // A process still writing: the temp dir is left for the OS.
            }
        }
    }

    /// <summary>SIGKILLs the process group of every wrapper under <paramref name="dataDir"/> that is still alive.</summary>
    public static void KillJobProcesses(string dataDir)
    {
        if (!Directory.Exists(dataDir))
        {
            return;
        }

        foreach (var pidFile in Directory.EnumerateFiles(dataDir, "pid", EndToEnd.ProcessGroups.PidFileSearch))
        {
            // Only a live wrapper still working in this data dir: a recycled pid belongs to someone else.
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var group) && group > 1
                && new DirectoryInfo($"/proc/{group}/cwd").LinkTarget is { } cwd && cwd.StartsWith(dataDir, StringComparison.Ordinal))
            {
                PosixSignals.SignalGroup(group, PosixSignals.SIGKILL);
            }
        }
    }

    private async Task EnsureSeededAsync()
    {
        var catalog = Services.GetRequiredService<ICatalog>();
        foreach (var app in TestApps.AllIds.Append("wc-1.0"))
        {
            if (await catalog.FindAppAsync(Tenant, app) is null)
            {
                throw new InvalidOperationException($"App {app} is missing after start-up: the CatalogSeeder hosted service did not run.");
            }
        }
    }

}
