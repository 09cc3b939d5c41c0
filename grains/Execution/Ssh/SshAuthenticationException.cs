namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>The server refused the login (wrong or unreadable private key, wrong password). Never carries the secret.</summary>
public sealed class SshAuthenticationException : Exception
{
    public SshAuthenticationException(SshEndpoint endpoint, string reason)
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"SSH login as {endpoint?.Username} to {endpoint?.Host}:{endpoint?.Port} failed: {reason}; check the " +
            $"{(endpoint?.AuthKind == SshAuthKind.Password ? "password" : "private key")} of system {endpoint?.SystemId}."))
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        SystemId = endpoint.SystemId;
        Block = endpoint.Block;
    }

    public string SystemId { get; }

    /// <summary>The block of <see cref="SystemId"/> whose credential was refused.</summary>
    public SshBlock Block { get; }
}
