namespace AloeOrleans.Grains.Recovery;

/// <summary>What a recovery group runs to learn whether its condition cleared.</summary>
public enum RecoveryTester
{
    /// <summary>
    /// Open an SSH connection to the host that failed, a system's login or storage block (without a block: its login, else
    /// its storage), with the credential the catalog holds now, and run <c>true</c>: reachable and the credential accepted.
    /// </summary>
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
    /// An input's server (<c>scheme://host:port</c>) answers: an http(s) server answers a HEAD of its root with anything
    /// but 5xx, 408 or 429; an ftp server greets with 220. Through the same network policy as the inputs themselves.
    /// </summary>
    InputServer,

    /// <summary>
    /// The batch scheduler of an execution system answers: <c>scontrol ping</c> over SSH finds a controller up (a FORK
    /// system over SSH: the login runs <c>true</c>; a system on this host has no scheduler to wait for).
    /// </summary>
    Scheduler,

    /// <summary>
    /// Nothing to test from here (a transfer that broke off, a service that did not answer): the policy's wait is the
    /// test, and the job tries again.
    /// </summary>
    Retry,
}
