namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>
/// Which block of a system definition an <see cref="SshEndpoint"/> was built from: its <c>login</c> (commands) or its
/// <c>storage</c> (files over SFTP). The two may name different hosts, ports or credentials, so a failure says which.
/// </summary>
public enum SshBlock
{
    Login,
    Storage,
}
