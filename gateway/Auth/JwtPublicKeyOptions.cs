namespace AloeOrleans.Gateway.Auth;

/// <summary>One configured public key (an item of <c>Aloe:Jwt:PublicKeys</c>), pinned to the one algorithm it verifies.</summary>
public sealed class JwtPublicKeyOptions
{
    /// <summary>
    /// A PEM file holding the public key (<c>PUBLIC KEY</c>, <c>RSA PUBLIC KEY</c>) or a certificate (<c>CERTIFICATE</c>,
    /// as WSO2 exports its signing certificate). Private keys are refused. Required.
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary><c>RS256</c> (an RSA key of at least 2048 bits) or <c>ES256</c> (an EC key on P-256). Required.</summary>
    public string Algorithm { get; set; } = "";

    /// <summary>
    /// The <c>kid</c> tokens signed with this key carry. Default: unset, meaning the key verifies tokens of its
    /// algorithm whatever their <c>kid</c>.
    /// </summary>
    public string? KeyId { get; set; }
}
