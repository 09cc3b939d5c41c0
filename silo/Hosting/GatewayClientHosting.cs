using AloeOrleans.Gateway.Operations;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Events;
using AloeOrleans.Silo.Cluster;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace AloeOrleans.Silo.Hosting;

/// <summary>
/// The <c>gateway</c> process: the HTTP API as an Orleans client (docs/operations.md, "Running a cluster"). It finds
/// the silos in the membership table, connects to their gateway ports (<c>Orleans:GatewayPort</c>, which the silos
/// must open) with the cluster's mutual TLS, and uses the same stores as a silo; it runs no grain and no job.
/// </summary>
public static class GatewayClientHosting
{
    public static WebApplicationBuilder AddAloeGatewayClient(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var connectionString = AloeConfiguration.ConnectionString(configuration);
        var operations = configuration.GetSection(OperationsOptions.SectionName).Get<OperationsOptions>() ?? new OperationsOptions();
        builder.Services.AddValidatedOptions<SiloOptions>(configuration, SiloOptions.SectionName);
        builder.Services.AddAloeServices(configuration, connectionString);
        builder.UseOrleansClient(client =>
        {
            client.Services.AddOptions<ClusterOptions>().Configure<IOptions<SiloOptions>>((cluster, silo) =>
            {
                cluster.ClusterId = silo.Value.ClusterId;
                cluster.ServiceId = silo.Value.ServiceId;
            });
            client.Services.AddOptions<ClientMessagingOptions>().Configure<IOptions<SiloOptions>>((messaging, silo) =>
                messaging.ResponseTimeout = silo.Value.GrainCallTimeout);
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = OrleansPostgresExtensions.Invariant;
                options.ConnectionString = connectionString;
            });
            client.UseAloeClusterTls();
            client.AddActivityPropagation();
            client.AddMemoryStreams(JobEventStreams.ProviderName);
            if (operations.DashboardEnabled)
            {
                client.AddAloeDashboard(operations);
            }
        });
        return builder;
    }
}
