using System.Net;
using System.Net.Sockets;
using AloeOrleans.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AloeOrleans.Tests.Infrastructure;

/// <summary>
/// A real Orleans silo in this process whose clustering, grain storage ("Default") and reminders all go through
/// the ADO.NET providers to PostgreSQL, configured by the product's own <see cref="OrleansPostgresExtensions"/>.
/// Unlike TestCluster it exercises the membership SQL. The ServiceId is fixed because storage and reminder rows are keyed by it.
/// </summary>
public sealed class AdoNetTestSilo : IAsyncDisposable
{
    public const string ServiceId = "aloe-test";

    /// <summary>A grain storage provider configured with DeleteStateOnClear.</summary>
    public const string DeleteOnClearStorage = "DeleteOnClear";

    private readonly IHost host;

    private AdoNetTestSilo(IHost host, string clusterId)
    {
        this.host = host;
        ClusterId = clusterId;
    }

    /// <summary>This silo's cluster; unique per silo unless given, so membership rows never mix between tests.</summary>
    public string ClusterId { get; }

    public IGrainFactory GrainFactory => host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => host.Services;

    public static async Task<AdoNetTestSilo> StartAsync(string connectionString, string? clusterId = null)
    {
        clusterId ??= $"aloe-test-{Guid.NewGuid():N}"[..24];
        var siloPort = TestPorts.Free();
        var gatewayPort = TestPorts.Free();

        var host = new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.UseAloeCluster(clusterId, ServiceId);
                silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
                // The product's providers: ADO.NET clustering, reminders and the "Default" storage on PostgreSQL.
                silo.UseAloePostgres(connectionString);
                // A second provider that deletes the row on clear exercises DeleteStorageKey.
                silo.AddAloeGrainStorage(DeleteOnClearStorage, connectionString, options => options.DeleteStateOnClear = true);
            })
            .Build();

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

        return new AdoNetTestSilo(host, clusterId);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await host.StopAsync(timeout.Token);
        }
        finally
        {
            host.Dispose();
        }
    }

}
