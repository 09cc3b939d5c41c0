namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>A system's login or storage block cannot be used to reach it over SSH/SFTP. Never carries a secret.</summary>
public sealed class SshEndpointException : Exception
{
    public SshEndpointException(string systemId, IReadOnlyList<string> problems)
        : base($"system {systemId} cannot be reached over SSH: {string.Join("; ", problems)}")
    {
        SystemId = systemId;
        Problems = problems;
    }

    public string SystemId { get; }

    public IReadOnlyList<string> Problems { get; }
}
