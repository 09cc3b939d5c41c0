using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AloeOrleans.Gateway.Auth;

/// <summary>Mints tokens the gateway accepts (for <c>./aloe token</c> and tests); the claim names follow the options.</summary>
public static class JwtTokenFactory
{
    public static string Create(
        JwtOptions options,
        byte[] signingKey,
        string tenantId,
        string user,
        IReadOnlyList<string> roles,
        DateTimeOffset notBefore,
        DateTimeOffset expires)
    {
        var claims = new Dictionary<string, object>
        {
            [options.TenantClaim] = tenantId,
            [options.EffectiveUserClaims.FirstOrDefault() ?? "sub"] = user,
            [options.RolesClaim] = roles.ToArray(),
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = notBefore.UtcDateTime,
            NotBefore = notBefore.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
