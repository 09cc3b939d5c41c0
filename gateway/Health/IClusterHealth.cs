namespace AloeOrleans.Gateway.Health;

/// <summary>Whether the Orleans cluster can serve grain calls; used by <c>/health/ready</c>.</summary>
public interface IClusterHealth
{
    Task<bool> IsUpAsync(CancellationToken cancellationToken);
}
