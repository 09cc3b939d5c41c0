using Npgsql;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// Which driver failures mean the database is (for now) out of reach, and the translation of those into
/// <see cref="DatabaseUnavailableException"/>: the only place that inspects Npgsql's exceptions for the job lifecycle.
/// </summary>
public static class DatabaseOutages
{
    /// <summary>
    /// A server error that says it may pass (shutdown, too many connections, serialization), or any failure to reach the
    /// server or read its answer (network, timeout: Npgsql wraps those in a plain <see cref="NpgsqlException"/>).
    /// </summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.IsTransient,
        NpgsqlException => true,
        _ => false,
    };

    /// <summary>Runs <paramref name="work"/>; an outage comes out as <see cref="DatabaseUnavailableException"/>.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception exception) when (IsOutage(exception))
        {
            throw new DatabaseUnavailableException($"The database is not available: {exception.Message}", exception);
        }
    }

    /// <summary>Runs <paramref name="work"/>; an outage comes out as <see cref="DatabaseUnavailableException"/>.</summary>
    public static async Task GuardAsync(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception exception) when (IsOutage(exception))
        {
            throw new DatabaseUnavailableException($"The database is not available: {exception.Message}", exception);
        }
    }
}
