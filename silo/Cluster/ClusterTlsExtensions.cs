using AloeOrleans.Grains.Configuration;
using AloeOrleans.Silo.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using SiloOptions = AloeOrleans.Silo.Hosting.SiloOptions;
using Orleans.Connections.Security;

namespace AloeOrleans.Silo.Cluster;

/// <summary>
/// Mutual TLS on every connection of the cluster: a silo's port in and out and its client gateway port when open, and a
/// gateway-only process's connections to those gateway ports.
/// </summary>
public static class ClusterTlsExtensions
{
    /// <summary>
    /// Applies <see cref="ClusterTlsOptions"/> (section <c>Orleans:Tls</c>) once the host is built, so a bad setting is
    /// reported with all others at start, and the certificates are loaded (or the cluster CA created) only when used.
    /// </summary>
    public static ISiloBuilder UseAloeClusterTls(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        AddClusterCertificates(silo.Services);
        silo.Services.AddOptions<SiloConnectionOptions>().Configure<IServiceProvider>((connections, provider) =>
        {
            if (TlsFor(provider) is { } tls)
            {
                connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(tls));
                connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(tls));
                connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(tls));
            }
        });
        return silo;
    }

    /// <summary>The client side of the same mutual TLS, for a gateway-only process that connects to the silos' gateway ports.</summary>
    public static IClientBuilder UseAloeClusterTls(this IClientBuilder client)
    {
        ArgumentNullException.ThrowIfNull(client);
        AddClusterCertificates(client.Services);
        client.Services.AddOptions<ClientConnectionOptions>().Configure<IServiceProvider>((connections, provider) =>
        {
            if (TlsFor(provider) is { } tls)
            {
                connections.ConfigureConnection(connection => connection.UseClientTls(tls));
            }
        });
        return client;
    }

    private static void AddClusterCertificates(IServiceCollection services) =>
        services.AddSingleton(provider => ClusterCertificates.Load(
            provider.GetRequiredService<IOptions<SiloOptions>>().Value.Tls, provider.GetRequiredService<DataFolder>()));

    /// <summary>The TLS settings of this process's certificates, or null when TLS is off.</summary>
    private static TlsOptions? TlsFor(IServiceProvider provider)
    {
        if (!provider.GetRequiredService<IOptions<SiloOptions>>().Value.Tls.Enabled)
        {
            return null;
        }

        var tls = new TlsOptions();
        provider.GetRequiredService<ClusterCertificates>().Configure(tls);
        return tls;
    }
}
