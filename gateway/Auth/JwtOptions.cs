using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Configuration;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// How bearer tokens are verified and read (configuration section <c>Aloe:Jwt</c>). The defaults suit the embedded
/// single-machine install, where <c>./aloe token</c> mints HS256 tokens with the same key. An identity provider's
/// RS256/ES256 tokens (WSO2, Tapis) are verified with <see cref="PublicKeys"/> and/or <see cref="JwksUri"/>, each key
/// pinned to one algorithm; then HS256 is accepted only with an explicitly configured key.
/// </summary>
public sealed class JwtOptions : IValidatableObject
{
    public const string SectionName = "Aloe:Jwt";

    /// <summary>The embedded default's issuer; production refuses it.</summary>
    public const string DevelopmentIssuer = "aloe-orleans-dev";

    /// <summary>The embedded default's audience; production refuses it.</summary>
    public const string DevelopmentAudience = "aloe-jobs";

    /// <summary>The required <c>iss</c> claim. Default <c>aloe-orleans-dev</c>.</summary>
    [Required]
    public string Issuer { get; set; } = DevelopmentIssuer;

    /// <summary>The required <c>aud</c> claim. Default <c>aloe-jobs</c>.</summary>
    [Required]
    public string Audience { get; set; } = DevelopmentAudience;

    /// <summary>
    /// The HS256 key inline, base64 of at least 32 bytes (production: inject it from a secret store). When set it wins
    /// over <see cref="SigningKeyFile"/>. Default: unset.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// A file holding the base64 HS256 key; created with fresh random bytes (mode 0600) when missing.
    /// Default: unset, meaning <c>$ALOE_DATA_DIR/jwt-signing.key</c>.
    /// </summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>
    /// PEM public keys that verify RS256/ES256 tokens, each pinned to its algorithm (and optionally a <c>kid</c>).
    /// Default: none. Not initialised here: the configuration binder appends to an initialised list.
    /// </summary>
    public List<JwtPublicKeyOptions>? PublicKeys { get; set; }

    /// <summary>
    /// A JWKS document with the identity provider's RS256/ES256 keys: an <c>https://</c> URL (<c>http://</c> only for a
    /// loopback host, where no network lies in between), or an absolute file path. Each key's algorithm is its
    /// <c>alg</c>, or RS256 for an RSA key and ES256 for a P-256 key without one; other keys are skipped. Default: unset.
    /// </summary>
    public string? JwksUri { get; set; }

    /// <summary>How often the JWKS document is read again, so rotated keys are picked up. Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether any RS256/ES256 key source is configured.</summary>
    public bool HasPublicKeySources => PublicKeys is { Count: > 0 } || !string.IsNullOrWhiteSpace(JwksUri);

    /// <summary>
    /// HS256 is accepted when no public key source is configured (the embedded default), or when its key is configured
    /// explicitly (<see cref="SigningKey"/> or <see cref="SigningKeyFile"/>) next to them. So configuring an identity
    /// provider's keys turns the generated development key off.
    /// </summary>
    public bool AcceptsHs256 => !HasPublicKeySources || !string.IsNullOrWhiteSpace(SigningKey) || !string.IsNullOrWhiteSpace(SigningKeyFile);

    /// <summary>The claim naming the tenant. Default <c>tenant_id</c>.</summary>
    [Required]
    public string TenantClaim { get; set; } = "tenant_id";

    /// <summary>
    /// Claims that may name the user, first present wins. Default (when not configured) <c>sub</c>, then
    /// <c>username</c>. Not initialised here: the configuration binder appends to an initialised list.
    /// </summary>
    public List<string>? UserClaims { get; set; }

    /// <summary>The configured user claims, or the defaults.</summary>
    public IReadOnlyList<string> EffectiveUserClaims => UserClaims is { Count: > 0 } configured ? configured : ["sub", "username"];

    /// <summary>The claim holding the roles, a JSON array or a comma-separated string. Default <c>roles</c>.</summary>
    [Required]
    public string RolesClaim { get; set; } = "roles";

    /// <summary>A role that makes its holder an administrator of the token's tenant. Default <c>Internal/aloe-admin</c>.</summary>
    [Required]
    public string AdminRole { get; set; } = "Internal/aloe-admin";

    /// <summary>
    /// Also accept the token in the WSO2 API manager header <c>X-JWT-Assertion-&lt;tenant&gt;</c>. Only safe behind a
    /// trusted API manager that strips the header from client requests. Default false.
    /// </summary>
    public bool AcceptWso2Header { get; set; }

    /// <summary>Tolerated clock difference when checking expiry, in seconds. Default 60.</summary>
    [Range(0, 3600)]
    public int ClockSkewSeconds { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var userClaims = UserClaims ?? [];
        for (var i = 0; i < userClaims.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(userClaims[i]))
            {
                yield return OptionRules.Broken("must name a claim.", $"{nameof(UserClaims)}:{i}");
            }
        }

        if (!string.IsNullOrWhiteSpace(JwksUri) && !IsJwksLocation(JwksUri))
        {
            yield return OptionRules.Broken("must be an https:// URL, an http:// URL of a loopback host, or an absolute file path.", nameof(JwksUri));
        }
    }

    private static bool IsJwksLocation(string text)
    {
        try
        {
            JwksLocation.Parse(text);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
