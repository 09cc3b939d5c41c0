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
    /// Nothing to test from here (a transfer that broke off, a service that did not answer): the policy's wait is the
    /// test, and the job tries again.
    /// </summary>
    Retry,
}
