using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AloeOrleans.Tests.Gateway.Auth;

/// <summary>
/// Key pairs of an identity provider for tests (RSA 2048, EC P-256), their public halves as PEM files in a temp folder
/// and as JWKS entries, and tokens signed with them the way WSO2 or Tapis would sign them.
/// </summary>
public sealed class TestKeyPairs : IDisposable
{
    public TestKeyPairs()
    {
        Folder = Directory.CreateTempSubdirectory("aloe-jwt-keys-").FullName;
        Rsa = RSA.Create(2048);
        OtherRsa = RSA.Create(2048);
        Ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        RsaPublicPem = Rsa.ExportSubjectPublicKeyInfoPem();
        EcPublicPem = Ec.ExportSubjectPublicKeyInfoPem();
        RsaPemFile = Write("rsa.pem", RsaPublicPem);
        EcPemFile = Write("ec.pem", EcPublicPem);
    }

    public string Folder { get; }

    public RSA Rsa { get; }

    /// <summary>Another RSA key: the one a rotated JWKS introduces, or a forger's.</summary>
    public RSA OtherRsa { get; }

    public ECDsa Ec { get; }

    public string RsaPublicPem { get; }

    public string EcPublicPem { get; }

    public string RsaPemFile { get; }

    public string EcPemFile { get; }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A token with the gateway's default issuer, audience and claim names, signed as given.</summary>
    public static string Token(SecurityKey key, string algorithm, string? keyId = null, string tenant = "dev", string user = "alice",
        string? issuer = null, string? audience = null, DateTimeOffset? expires = null)
    {
        var defaults = new JwtOptions();
        key.KeyId = keyId;
        var until = expires ?? DateTimeOffset.UtcNow.AddHours(1);
        var issued = until < DateTimeOffset.UtcNow ? until.AddHours(-1) : DateTimeOffset.UtcNow.AddMinutes(-1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? defaults.Issuer,
            Audience = audience ?? defaults.Audience,
            IssuedAt = issued.UtcDateTime,
            NotBefore = issued.UtcDateTime,
            Expires = until.UtcDateTime,
            Claims = new Dictionary<string, object> { ["tenant_id"] = tenant, ["sub"] = user, ["roles"] = Array.Empty<string>() },
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    public static string RsaToken(RSA rsa, string? keyId = null, string? issuer = null, string? audience = null, DateTimeOffset? expires = null) =>
        Token(new RsaSecurityKey(rsa), JwtAlgorithms.Rs256, keyId, issuer: issuer, audience: audience, expires: expires);

    public static string EcToken(ECDsa ec, string? keyId = null) => Token(new ECDsaSecurityKey(ec), JwtAlgorithms.Es256, keyId);

    /// <summary>An unsigned token (<c>alg: none</c>) with valid claims, and the given signature part (usually empty).</summary>
    public static string Unsigned(string signature = "", string? keyId = null)
    {
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT" };
        if (keyId is not null)
        {
            header["kid"] = keyId;
        }

        var now = DateTimeOffset.UtcNow;
        var payload = new JsonObject
        {
            ["iss"] = new JwtOptions().Issuer, ["aud"] = new JwtOptions().Audience, ["tenant_id"] = "dev", ["sub"] = "alice",
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(), ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        return $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{signature}";
    }

    /// <summary>The classic algorithm confusion: HS256 with the RSA public key's PEM text as the HMAC secret.</summary>
    public string Hs256WithRsaPublicKey(string? keyId) =>
        Token(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(RsaPublicPem)), JwtAlgorithms.Hs256, keyId);

    /// <summary>A JWKS entry for an RSA public key; <paramref name="alg"/> null leaves the algorithm to be derived.</summary>
    public static JsonObject RsaJwk(RSA rsa, string keyId, string? alg = null)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA", ["use"] = "sig", ["kid"] = keyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (alg is not null)
        {
            jwk["alg"] = alg;
        }

        return jwk;
    }

    public static JsonObject EcJwk(ECDsa ec, string keyId, string? alg = "ES256")
    {
        var parameters = ec.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "EC", ["crv"] = "P-256", ["kid"] = keyId,
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X), ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
        };
        if (alg is not null)
        {
            jwk["alg"] = alg;
        }

        return jwk;
    }

    public static string Jwks(params JsonObject[] keys) => new JsonObject { ["keys"] = new JsonArray(keys) }.ToJsonString();

    public void Dispose()
    {
        Rsa.Dispose();
        OtherRsa.Dispose();
        Ec.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
