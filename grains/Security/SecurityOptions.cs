namespace AloeOrleans.Grains.Security;

/// <summary>The service key that encrypts stored credentials (section <c>Aloe:Security</c>).</summary>
public sealed class SecurityOptions
{
    /// <summary>The key file's name inside the data folder, used when <see cref="CredentialKey"/> is not set.</summary>
    public const string KeyFileName = "credential.key";

    /// <summary>
    /// Base64 of exactly 32 random bytes (AES-256). When unset, the key is read from <c>credential.key</c> in the data
    /// folder, which is created (mode 0600) on first start. Every silo of a cluster must use the same key.
    /// </summary>
    public string? CredentialKey { get; set; }

    /// <summary>The data folder (<c>$ALOE_DATA_DIR</c>); set by the host, not by configuration.</summary>
    public string DataDir { get; set; } = ".aloe";
}
