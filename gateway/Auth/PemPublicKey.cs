using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// Reads an RS256 or ES256 verification key from PEM text: a public key (<c>PUBLIC KEY</c>, <c>RSA PUBLIC KEY</c>) or a
/// certificate (<c>CERTIFICATE</c>). Refuses private keys (the service must never hold one), RSA keys under 2048 bits,
/// EC keys not on P-256, and a key of the wrong kind for its algorithm; each refusal says which and why.
/// </summary>
public static class PemPublicKey
{
    public const int MinimumRsaBits = 2048;

    /// <summary>The OID of the NIST P-256 curve (secp256r1), the only one ES256 uses.</summary>
    private const string P256 = "1.2.840.10045.3.1.7";

    private static readonly string[] PublicLabels = ["PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE"];

    public static PinnedKey Parse(string pem, string algorithm, string? keyId, string source)
    {
        if (JwtAlgorithms.AsymmetricNamed(algorithm) is not { } pinned)
        {
            throw Invalid(source, $"Algorithm must be {string.Join(" or ", JwtAlgorithms.Asymmetric)}, not '{algorithm}'");
        }

        var label = FirstLabel(pem, source);
        if (!PublicLabels.Contains(label, StringComparer.Ordinal))
        {
            throw Invalid(source, label.Contains("PRIVATE", StringComparison.Ordinal)
                ? "it holds a private key; give the public key or the certificate instead (the service only verifies)"
                : $"'{label}' is not a public key or a certificate");
        }

        var key = pinned == JwtAlgorithms.Rs256 ? RsaKey(pem, label, source) : EcKey(pem, label, source);
        key.KeyId = string.IsNullOrWhiteSpace(keyId) ? null : keyId;
        return new PinnedKey(key, pinned, key.KeyId, source);
    }

    private static SecurityKey RsaKey(string pem, string label, string source)
    {
        var rsa = label == "CERTIFICATE"
            ? X509Certificate2.CreateFromPem(pem).GetRSAPublicKey() ?? throw Invalid(source, "the certificate's key is not an RSA key, which RS256 needs")
            : Import(RSA.Create(), pem, source, "an RSA public key, which RS256 needs");
        if (rsa.KeySize < MinimumRsaBits)
        {
            throw Invalid(source, $"the RSA key has {rsa.KeySize} bits; RS256 needs at least {MinimumRsaBits}");
        }

        return new RsaSecurityKey(rsa);
    }

    private static SecurityKey EcKey(string pem, string label, string source)
    {
        var ecdsa = label == "CERTIFICATE"
            ? X509Certificate2.CreateFromPem(pem).GetECDsaPublicKey() ?? throw Invalid(source, "the certificate's key is not an EC key, which ES256 needs")
            : Import(ECDsa.Create(), pem, source, "an EC public key, which ES256 needs");
        var curve = ecdsa.ExportParameters(includePrivateParameters: false).Curve;
        if (curve.Oid?.Value != P256 && curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256"))
        {
            throw Invalid(source, $"the EC key is on curve {curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "(unnamed)"}; ES256 needs P-256");
        }

        return new ECDsaSecurityKey(ecdsa);
    }

    private static T Import<T>(T algorithm, string pem, string source, string expected)
        where T : AsymmetricAlgorithm
    {
        try
        {
            algorithm.ImportFromPem(pem);
            return algorithm;
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            algorithm.Dispose();
            throw Invalid(source, $"it does not hold {expected}");
        }
    }

    private static string FirstLabel(string pem, string source)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw Invalid(source, "it holds no PEM block (-----BEGIN …-----)");
        }

        return pem[fields.Label].ToString();
    }

    private static InvalidOperationException Invalid(string source, string reason) =>
        new($"The JWT public key {source} is unusable: {reason}.");
}
