namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>What kind of thing a <see cref="RecoveryTarget"/> names.</summary>
[GenerateSerializer]
[Alias("aloe.RecoveryTargetKind")]
public enum RecoveryTargetKind
{
    /// <summary>The SSH host of a system's <c>login</c> block (its name is the system id).</summary>
    SshLogin,

    /// <summary>The SFTP host of a system's <c>storage</c> block (its name is the system id).</summary>
    SshStorage,

    /// <summary>The batch scheduler of an execution system (its name is the system id).</summary>
    Scheduler,

    /// <summary>The server of an http(s) or ftp input (its name is <c>scheme://host:port</c>).</summary>
    InputServer,
}
