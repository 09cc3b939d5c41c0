namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>How an <see cref="SshEndpoint"/> logs in: <c>SSHKEYS</c> or <c>PASSWORD</c> in the system definition.</summary>
public enum SshAuthKind
{
    PrivateKey,
    Password,
}
