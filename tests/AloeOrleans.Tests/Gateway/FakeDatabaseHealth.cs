using AloeOrleans.Grains.Persistence;

namespace AloeOrleans.Tests.Gateway;

internal sealed class FakeDatabaseHealth : IDatabaseHealth
{
    public bool Reachable { get; set; } = true;

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(Reachable);
}
