using AloeOrleans.Gateway.Health;

namespace AloeOrleans.Tests.Gateway;

internal sealed class FakeClusterHealth : IClusterHealth
{
    public bool Up { get; set; } = true;

    public Task<bool> IsUpAsync(CancellationToken cancellationToken) => Task.FromResult(Up);
}
