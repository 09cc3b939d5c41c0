using AloeOrleans.Grains.Configuration;
using AloeOrleans.Silo.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using SiloOptions = AloeOrleans.Silo.Hosting.SiloOptions;
using Orleans.Connections.Security;

namespace AloeOrleans.Silo.Cluster;

/// <summary>Mutual TLS on every connection of the silo: silo port in and out, and the client gateway port when it is open.</summary>
public static class ClusterTlsExtensions
{
    /// <summary>
    /// Applies <see cref="ClusterTlsOptions"/> (section <c>Orleans:Tls</c>) once the host is built, so a bad setting is
    /// reported with all others at start, and the certificates are loaded (or the cluster CA created) only when used.
    /// </summary>
    public static ISiloBuilder UseAloeClusterTls(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSingleton(provider => ClusterCertificates.Load(
            provider.GetRequiredService<IOptions<SiloOptions>>().Value.Tls, provider.GetRequiredService<DataFolder>()));
        silo.Services.AddOptions<SiloConnectionOptions>().Configure<IOptions<SiloOptions>, IServiceProvider>((connections, options, provider) =>
        {
            if (!options.Value.Tls.Enabled)
            {
                return;
            }

            var tls = new TlsOptions();
            provider.GetRequiredService<ClusterCertificates>().Configure(tls);
            connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(tls));
            connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(tls));
            connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(tls));
        });
        return silo;
    }
}
