namespace AloeOrleans.Grains.Catalog;

/// <summary>Credentials of a system. Stored encrypted; never returned by an API, never logged.</summary>
public sealed record SystemAuth
{
    public string? Username { get; init; }
    public string Type { get; init; } = "SSHKEYS";
    public string? PrivateKey { get; init; }
    public string? Password { get; init; }
}
