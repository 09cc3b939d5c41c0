using Orleans;
using Orleans.Runtime;

namespace AloeOrleans.Gateway.Health;

/// <summary>
/// Asks the management grain for the active silos: a cheap round trip through the cluster that fails when this
/// process cannot reach any silo (or is not yet part of the cluster).
/// </summary>
internal sealed class ManagementGrainClusterHealth(IGrainFactory grainFactory) : IClusterHealth
{
    public async Task<bool> IsUpAsync(CancellationToken cancellationToken)
    {
        var hosts = await grainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
        return hosts.Values.Any(status => status == SiloStatus.Active);
    }
}
