namespace AloeOrleans.Grains.Execution;

/// <summary>Whether LOCAL systems (this host's files and processes) may be used (<see cref="ExecutionOptions.LocalSystems"/>).</summary>
public enum LocalSystemPolicy
{
    /// <summary>Every silo runs on one host, which holds the LOCAL systems' files and runs their jobs.</summary>
    Enabled,

    /// <summary>The silos span hosts: a job that names a LOCAL system is refused at submission.</summary>
    Disabled,
}
