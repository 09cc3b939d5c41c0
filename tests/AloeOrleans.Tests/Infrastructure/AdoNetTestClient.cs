using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace AloeOrleans.Tests.Infrastructure;

/// <summary>
/// An Orleans client (the gateway's role) that discovers silos through the ADO.NET membership table, i.e. the
/// GatewaysQueryKey query, instead of a fixed address.
/// </summary>
public sealed class AdoNetTestClient : IAsyncDisposable
{
    private readonly IHost host;

    private AdoNetTestClient(IHost host) => this.host = host;

    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    public static async Task<AdoNetTestClient> ConnectAsync(string connectionString, string clusterId)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(options =>
                {
                    options.ServiceId = AdoNetTestSilo.ServiceId;
                    options.ClusterId = clusterId;
                });
                client.UseAdoNetClustering(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                });
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

        return new AdoNetTestClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
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
