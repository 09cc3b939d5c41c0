using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution.Slurm;
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
/// <para>
/// A transient failure also names what failed, when it knows (<see cref="RecoveryTarget"/>): the system whose SSH or
/// SFTP host failed (the job's execution system, or the storage system an input comes from), the execution system whose
/// scheduler did not answer, the server of an http(s)/ftp input. The recovery group tests that (docs/lifecycle.md).
/// </para>
/// </summary>
public static class JobFailureClassifier
{
    public static JobFailure Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var (condition, target) = ConditionOf(exception);
        return new JobFailure(condition, exception.Message, target);
    }

    private static (RecoveryCondition? Condition, RecoveryTarget? Target) ConditionOf(Exception exception)
    {
        for (var current = exception; current is not null; current = Cause(current))
        {
            switch (current)
            {
                case DatabaseUnavailableException:
                    return (RecoveryCondition.DATABASE_NOT_AVAILABLE, null);
                case InputStagingException staging:
                    // The stager knows the transfer: its verdict stands, whatever the cause. A transient one that an SSH
                    // or SFTP host caused (the input's storage system, or the work dir's) waits on that host.
                    return !staging.IsTransient ? (null, null)
                        : SshCauseOf(staging) is { } ssh ? ssh
                        : (RecoveryCondition.TRANSMISSION_FAILURE, staging.Server is { } server ? RecoveryTarget.InputServer(server) : null);
                case SchedulerUnavailableException scheduler:
                    return (RecoveryCondition.SERVICE_CONNECTION_FAILURE, RecoveryTarget.Scheduler(scheduler.SystemId));
                case SshHostKeyMismatchException or SshEndpointException:
                    // A changed host key or an unusable system definition: waiting does not fix either.
                    return (null, null);
                default:
                    if (SshFailure(current) is { } failure)
                    {
                        return failure;
                    }

                    break;
            }
        }

        return (null, null);
    }

    /// <summary>The condition and host of an SSH failure anywhere among the causes of <paramref name="staging"/>.</summary>
    private static (RecoveryCondition, RecoveryTarget?)? SshCauseOf(InputStagingException staging)
    {
        for (var current = Cause(staging); current is not null; current = Cause(current))
        {
            if (SshFailure(current) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    private static (RecoveryCondition, RecoveryTarget?)? SshFailure(Exception exception) => exception switch
    {
        SshAuthenticationException auth => (RecoveryCondition.SSH_AUTHENTICATION_FAILED, SshTarget(auth.SystemId, auth.Block)),
        SshCommandTimeoutException timeout => (RecoveryCondition.SSH_CONNECTION_TIMEOUT, SshTarget(timeout.SystemId, timeout.Block)),
        SshConnectException connect => (RecoveryCondition.SSH_CONNECTION_FAILURE, SshTarget(connect.SystemId, connect.Block)),
        _ => null,
    };

    private static RecoveryTarget? SshTarget(string? systemId, SshBlock? block) =>
        string.IsNullOrEmpty(systemId) || block is null ? null
        : block == SshBlock.Storage ? RecoveryTarget.SshStorage(systemId)
        : RecoveryTarget.SshLogin(systemId);

    private static Exception? Cause(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[0] : exception.InnerException;
}
