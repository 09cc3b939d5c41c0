namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// How files on a system are reached. For protocol LOCAL, <see cref="RootDir"/> is resolved in the tenant's folder of
/// the service's data folder when relative (<c>tenants/&lt;tenant&gt;/&lt;rootDir&gt;</c>); no path given by a user may
/// leave the root.
/// </summary>
public sealed record SystemStorage
{
    public string Protocol { get; init; } = "LOCAL";
    public string? Host { get; init; }
    public int Port { get; init; }
    public string RootDir { get; init; } = "/";
    public string HomeDir { get; init; } = "/";
    public SystemAuth? Auth { get; init; }

    /// <summary>
    /// The server's host key as OpenSSH prints it (<c>SHA256:</c> and unpadded base64, e.g. from
    /// <c>ssh-keyscan -p PORT HOST | ssh-keygen -lf -</c>); required for SSH/SFTP, an unknown or changed key is refused.
    /// </summary>
    public string? HostKeyFingerprint { get; init; }

    /// <summary>Agave's flags and folders of a storage system (whether permissions are mirrored, where public apps go, an iRODS zone and resource): kept as given.</summary>
    public bool? Mirror { get; init; }

    public string? PublicAppsDir { get; init; }
    public string? Zone { get; init; }
    public string? Resource { get; init; }
}
