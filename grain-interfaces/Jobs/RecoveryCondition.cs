namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// Why a transient failure happened, and so what must clear before the job can go on: the condition a BLOCKED job
/// waits on. Spelled as on the wire and in the database.
/// </summary>
[GenerateSerializer]
[Alias("aloe.RecoveryCondition")]
public enum RecoveryCondition
{
    /// <summary>The execution, storage or archive system is missing or disabled.</summary>
    SYSTEM_NOT_AVAILABLE,

    /// <summary>The app is missing or disabled, or its template cannot be read.</summary>
    APPLICATION_NOT_AVAILABLE,

    /// <summary>A service the job depends on (the scheduler, a file server) did not answer.</summary>
    SERVICE_CONNECTION_FAILURE,

    /// <summary>A transfer (an input, an output) broke off and may succeed when tried again.</summary>
    TRANSMISSION_FAILURE,

    /// <summary>The service's own database could not be reached.</summary>
    DATABASE_NOT_AVAILABLE,

    /// <summary>The system's or queue's job limits are reached.</summary>
    QUOTA_EXCEEDED,

    /// <summary>No SSH connection could be opened, or it was lost.</summary>
    SSH_CONNECTION_FAILURE,

    /// <summary>An SSH command or SFTP request got no answer in time.</summary>
    SSH_CONNECTION_TIMEOUT,

    /// <summary>The SSH server refused the system's credential.</summary>
    SSH_AUTHENTICATION_FAILED,
}
