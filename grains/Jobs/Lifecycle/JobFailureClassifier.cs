using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Staging;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// The one place where an exception from a phase or a status check becomes a <see cref="JobFailure"/>, by its type:
/// the exception itself decides when its type is known here, otherwise its cause does; a failure of no known type is
/// permanent. The message is always the outermost one (it says what was being done). A plain
/// <see cref="TimeoutException"/> (a pid that never appeared, a command that hung) is nothing special: only the
/// persistence adapters say that the database is out (<see cref="DatabaseUnavailableException"/>).
/// </summary>
public static class JobFailureClassifier
{
    public static JobFailure Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new JobFailure(ConditionOf(exception), exception.Message);
    }

    private static RecoveryCondition? ConditionOf(Exception exception)
    {
        for (var current = exception; current is not null; current = Cause(current))
        {
            switch (current)
            {
                case DatabaseUnavailableException:
                    return RecoveryCondition.DATABASE_NOT_AVAILABLE;
                case InputStagingException staging:
                    // The stager knows the transfer: its verdict stands, whatever the cause.
                    return staging.IsTransient ? RecoveryCondition.TRANSMISSION_FAILURE : null;
                case SshAuthenticationException:
                    return RecoveryCondition.SSH_AUTHENTICATION_FAILED;
                case SshCommandTimeoutException:
                    return RecoveryCondition.SSH_CONNECTION_TIMEOUT;
                case SshConnectException:
                    return RecoveryCondition.SSH_CONNECTION_FAILURE;
                case SshHostKeyMismatchException or SshEndpointException:
                    // A changed host key or an unusable system definition: waiting does not fix either.
                    return null;
            }
        }

        return null;
    }

    private static Exception? Cause(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[0] : exception.InnerException;
}
