namespace AloeOrleans.Grains.Persistence;

/// <summary>Whether the database answers; used by <c>/health/ready</c> and to turn outages into 503.</summary>
public interface IDatabaseHealth
{
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}
