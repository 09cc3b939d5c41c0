using Npgsql;

namespace AloeOrleans.Grains.Persistence;

/// <summary>Asks PostgreSQL a trivial question; any failure means "not reachable".</summary>
public sealed class PostgresDatabaseHealth(NpgsqlDataSource dataSource) : IDatabaseHealth
{
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            return await command.ExecuteScalarAsync(cancellationToken) is 1;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }
}
