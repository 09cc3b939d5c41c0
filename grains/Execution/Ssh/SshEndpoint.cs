using System.Security.Cryptography;
using System.Text;
using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>
/// Where and as whom to open an SSH/SFTP connection, built from a system's login (<see cref="ForLogin"/>) or storage
/// (<see cref="ForStorage"/>) block. Holds the decrypted credential: <see cref="ToString"/> never shows it, and neither
/// does <see cref="PoolKey"/> (it carries a hash of it only).
/// </summary>
public sealed record SshEndpoint
{
    public const int DefaultPort = 22;

    public required string SystemId { get; init; }

    /// <summary>The block of the system this endpoint reaches. Default <see cref="SshBlock.Login"/>.</summary>
    public SshBlock Block { get; init; } = SshBlock.Login;
    public required string Host { get; init; }
    public int Port { get; init; } = DefaultPort;
    public required string Username { get; init; }
    public required SshAuthKind AuthKind { get; init; }

    /// <summary>The OpenSSH private key text (PEM/OpenSSH format) for <see cref="SshAuthKind.PrivateKey"/>. Secret.</summary>
    public string? PrivateKey { get; init; }

    /// <summary>The password for <see cref="SshAuthKind.Password"/>. Secret.</summary>
    public string? Password { get; init; }

    /// <summary>The expected host key, <c>SHA256:&lt;base64&gt;</c>; any other key is refused.</summary>
    public required string HostKeyFingerprint { get; init; }

    /// <summary>
    /// Identifies connections that may be shared: host, port, user, host key and a SHA-256 of the credential (never
    /// the credential itself), so a changed key or password gets fresh connections.
    /// </summary>
    public string PoolKey =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Username}@{Host}:{Port}|{HostKeyFingerprints.Normalize(HostKeyFingerprint)}|{AuthKind}|{CredentialHash()}");

    /// <summary>The endpoint of a system's <c>login</c> block (protocol SSH).</summary>
    /// <exception cref="SshEndpointException">The block is missing, not SSH, or incomplete; the message lists every problem.</exception>
    public static SshEndpoint ForLogin(SystemDefinition system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var login = system.Login;
        if (login is null)
        {
            throw new SshEndpointException(system.Id, ["it has no login block"]);
        }
        return Build(system.Id, SshBlock.Login, login.Protocol, ["SSH"], login.Host, login.Port, login.Auth, login.HostKeyFingerprint);
    }

    /// <summary>The endpoint of a system's <c>storage</c> block (protocol SFTP, or SSH).</summary>
    /// <exception cref="SshEndpointException">The block is not SFTP or incomplete; the message lists every problem.</exception>
    public static SshEndpoint ForStorage(SystemDefinition system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var storage = system.Storage;
        return Build(system.Id, SshBlock.Storage, storage.Protocol, ["SFTP", "SSH"], storage.Host, storage.Port, storage.Auth, storage.HostKeyFingerprint);
    }

    /// <summary>No secrets: system, user, host, port, auth kind and the expected fingerprint.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Username}@{Host}:{Port} (system {SystemId}, {AuthKind}, host key {HostKeyFingerprints.Display(HostKeyFingerprint)})");

    private string CredentialHash()
    {
        var secret = AuthKind == SshAuthKind.PrivateKey ? PrivateKey : Password;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(secret ?? ""));
        return Convert.ToHexString(hash, 0, 16);
    }

    private static SshEndpoint Build(
        string systemId, SshBlock systemBlock, string? protocol, string[] protocols, string? host, int port, SystemAuth? auth, string? fingerprint)
    {
        var block = systemBlock == SshBlock.Login ? "login" : "storage";
        var problems = new List<string>();
        if (!protocols.Contains(protocol ?? "", StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"{block}.protocol is {protocol ?? "missing"}, not {string.Join(" or ", protocols)}");
        }
        if (string.IsNullOrWhiteSpace(host))
        {
            problems.Add($"{block}.host is missing");
        }
        if (port is < 0 or > 65535)
        {
            problems.Add($"{block}.port {port} is not between 1 and 65535");
        }
        if (string.IsNullOrWhiteSpace(auth?.Username))
        {
            problems.Add($"{block}.auth.username is missing");
        }

        var kind = SshAuthKind.PrivateKey;
        switch (auth?.Type?.ToUpperInvariant())
        {
            case "SSHKEYS":
                if (string.IsNullOrWhiteSpace(auth.PrivateKey))
                {
                    problems.Add($"{block}.auth.privateKey is missing (auth type SSHKEYS)");
                }
                break;
            case "PASSWORD":
                kind = SshAuthKind.Password;
                if (string.IsNullOrEmpty(auth.Password))
                {
                    problems.Add($"{block}.auth.password is missing (auth type PASSWORD)");
                }
                break;
            case null:
                problems.Add($"{block}.auth is missing");
                break;
            default:
                problems.Add($"{block}.auth.type {auth.Type} is not SSHKEYS or PASSWORD");
                break;
        }

        if (string.IsNullOrWhiteSpace(fingerprint))
        {
            problems.Add($"{block}.hostKeyFingerprint is missing (SHA256:<base64> as ssh-keygen -lf prints it)");
        }
        else if (!HostKeyFingerprints.IsWellFormed(fingerprint))
        {
            problems.Add($"{block}.hostKeyFingerprint is not a SHA256 fingerprint (SHA256:<base64> as ssh-keygen -lf prints it)");
        }

        if (problems.Count > 0)
        {
            throw new SshEndpointException(systemId, problems);
        }

        return new SshEndpoint
        {
            SystemId = systemId,
            Block = systemBlock,
            Host = host!.Trim(),
            Port = port == 0 ? DefaultPort : port,
            Username = auth!.Username!,
            AuthKind = kind,
            PrivateKey = kind == SshAuthKind.PrivateKey ? auth.PrivateKey : null,
            Password = kind == SshAuthKind.Password ? auth.Password : null,
            HostKeyFingerprint = HostKeyFingerprints.Display(fingerprint!),
        };
    }
}
