using System.Globalization;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// Two service processes of one cluster (one database, one data folder, so one generated cluster CA), the first
/// with its Orleans client gateway open on <see cref="GatewayPort"/>.
/// </summary>
public sealed class TwoSiloCluster : IAsyncLifetime
{
    public int GatewayPort { get; } = TestPorts.Free();

    public AloeServiceProcess First { get; private set; } = null!;

    public AloeServiceProcess Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        First = await AloeServiceProcess.StartAsync(E2eCatalog.Write,
            environment: new Dictionary<string, string> { ["Orleans__GatewayPort"] = GatewayPort.ToString(CultureInfo.InvariantCulture) });
        Second = await AloeServiceProcess.StartPeerAsync(First);
    }

    public async Task DisposeAsync()
    {
        if (Second is not null)
        {
            await Second.DisposeAsync();
        }

        if (First is not null)
        {
            await First.DisposeAsync();
        }
    }
}
