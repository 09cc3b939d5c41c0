using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Configuration;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// How bearer tokens are verified and read (configuration section <c>Aloe:Jwt</c>). The defaults suit the embedded
/// single-machine install, where <c>./aloe token</c> mints tokens with the same key.
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
    }
}
