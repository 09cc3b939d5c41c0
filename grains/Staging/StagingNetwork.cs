using System.Net.Sockets;
using AloeOrleans.Grains.Network;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Staging;

/// <summary>
/// The only way input staging reaches the network: TCP through a <see cref="CheckedConnector"/> under
/// <see cref="StagingOptions.AllowedNetworks"/> (<c>Aloe:Staging:AllowedNetworks</c>), and an HTTP client whose every
/// connection goes through it. That client follows no redirect by itself (<see cref="InputStager"/> follows them, each
/// through the same check), uses no proxy from the environment (a proxy would connect on our behalf, unchecked),
/// keeps no cookies and asks for no compression (a small body may not expand past the byte cap unseen).
/// </summary>
public sealed class StagingNetwork : IDisposable
{
    public const string AllowedNetworksSetting = "Aloe:Staging:AllowedNetworks";

    public StagingNetwork(IOptions<StagingOptions> options)
        : this(options, resolver: null)
    {
    }

    /// <summary>With <paramref name="resolver"/> answering name lookups instead of the system's resolver.</summary>
    internal StagingNetwork(IOptions<StagingOptions> options, HostResolver? resolver)
    {
        ArgumentNullException.ThrowIfNull(options);
        Connector = new CheckedConnector(NetworkPolicy.Parse(options.Value.AllowedNetworks, AllowedNetworksSetting), resolver);
        Http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
                new NetworkStream(await Connector.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken), ownsSocket: true),
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            // Each transfer sets its own deadlines (StagingOptions.HttpTimeout, IdleTimeout).
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public CheckedConnector Connector { get; }

    public HttpClient Http { get; }

    public void Dispose() => Http.Dispose();
}
