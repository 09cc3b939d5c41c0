namespace AloeOrleans.Grains.Catalog;

/// <summary>How the service reaches an execution system to run commands: LOCAL (this host) or SSH.</summary>
public sealed record SystemLogin
{
    public string Protocol { get; init; } = "LOCAL";
    public string? Host { get; init; }
    public int Port { get; init; }
    public SystemAuth? Auth { get; init; }

    /// <summary>
    /// The server's host key as OpenSSH prints it (<c>SHA256:</c> and unpadded base64, e.g. from
    /// <c>ssh-keyscan -p PORT HOST | ssh-keygen -lf -</c>); required for SSH/SFTP, an unknown or changed key is refused.
    /// </summary>
    public string? HostKeyFingerprint { get; init; }
}
