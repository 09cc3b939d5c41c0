namespace AloeOrleans.Grains.Recovery;

/// <summary>What a recovery group runs to learn whether its condition cleared.</summary>
public enum RecoveryTester
{
    /// <summary>Open an SSH connection to the system (its login, else its storage) and run <c>true</c>: reachable and the credential accepted.</summary>
    Ssh,

    /// <summary>The system exists in the tenant's catalog.</summary>
    System,

    /// <summary>The app exists in the tenant's catalog.</summary>
    App,

    /// <summary>
    /// The job limits of the system and remote queue the group's jobs wait for have room for more of their owner's jobs,
    /// counted across the cluster; only as many jobs as there is room for are released, oldest first.
    /// </summary>
    Quota,

    /// <summary>
    /// Nothing to test from here (a transfer that broke off, a service that did not answer): the policy's wait is the
    /// test, and the job tries again.
    /// </summary>
    Retry,
}
