using AloeOrleans.Grains.Persistence;
using Npgsql;
using Orleans.Runtime;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The one reading of an exception from an action on a job's grain (cancel, pause, resume): an outage or a race, looked
/// for along the chain of inner exceptions, or null for anything else (a bug). The actions word their own answers.
/// </summary>
public static class JobActionFailure
{
    public static JobActionFailureKind? KindOf(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case JobVersionConflictException:
                    return JobActionFailureKind.Conflict;
                case NpgsqlException or DatabaseUnavailableException:
                    return JobActionFailureKind.Database;
                case TimeoutException:
                    return JobActionFailureKind.Timeout;
                case OrleansException:
                    return JobActionFailureKind.Cluster;
            }
        }

        return null;
    }
}
