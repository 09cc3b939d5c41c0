using Microsoft.IdentityModel.Tokens;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// Reads a JWKS document into pinned keys. Each key's algorithm is its <c>alg</c>; without one, an RSA key is RS256
/// and an EC key on P-256 is ES256 (the only algorithms this service verifies). Skipped, with the reason: symmetric
/// keys (a published secret is no secret, and would let anyone mint HS256 tokens), keys not for signing, other
/// algorithms or curves, RSA keys under 2048 bits, keys without their public parameters. Pure.
/// </summary>
public static class JwksParser
{
    private const string VerifyOperation = "verify";

    /// <summary>The usable keys and one line per skipped key; throws <see cref="ArgumentException"/> when the document is not a JWKS.</summary>
    public static (IReadOnlyList<PinnedKey> Keys, IReadOnlyList<string> Skipped) Parse(string json, string source)
    {
        var set = new JsonWebKeySet(json);
        var keys = new List<PinnedKey>();
        var skipped = new List<string>();
        foreach (var key in set.Keys)
        {
            var name = string.IsNullOrEmpty(key.Kid) ? $"key #{keys.Count + skipped.Count + 1}" : $"key '{key.Kid}'";
            if (Refusal(key) is { } reason)
            {
                skipped.Add($"{name}: {reason}");
                continue;
            }

            keys.Add(new PinnedKey(key, AlgorithmOf(key)!, string.IsNullOrEmpty(key.Kid) ? null : key.Kid, $"{name} of JWKS {source}"));
        }

        return (keys, skipped);
    }

    /// <summary>The key's pinned algorithm: its alg, else derived from kty (and crv); null when it is not one this service verifies.</summary>
    public static string? AlgorithmOf(JsonWebKey key) => key.Kty switch
    {
        JsonWebAlgorithmsKeyTypes.RSA when string.IsNullOrEmpty(key.Alg) || key.Alg == JwtAlgorithms.Rs256 => JwtAlgorithms.Rs256,
        JsonWebAlgorithmsKeyTypes.EllipticCurve when key.Crv == JsonWebKeyECTypes.P256
                                                     && (string.IsNullOrEmpty(key.Alg) || key.Alg == JwtAlgorithms.Es256) => JwtAlgorithms.Es256,
        _ => null,
    };

    private static string? Refusal(JsonWebKey key)
    {
        if (key.Kty is not (JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve))
        {
            return $"key type '{key.Kty}' is not RSA or EC (symmetric keys are never taken from a JWKS)";
        }

        if (!string.IsNullOrEmpty(key.Use) && key.Use != JsonWebKeyUseNames.Sig)
        {
            return $"its use is '{key.Use}', not 'sig'";
        }

        if (key.KeyOps.Count > 0 && !key.KeyOps.Contains(VerifyOperation))
        {
            return "its key_ops do not include 'verify'";
        }

        if (key.HasPrivateKey || !string.IsNullOrEmpty(key.D))
        {
            return "it holds private parameters; a JWKS publishes public keys only";
        }

        if (key.Kty == JsonWebAlgorithmsKeyTypes.RSA)
        {
            if (string.IsNullOrEmpty(key.N) || string.IsNullOrEmpty(key.E))
            {
                return "it lacks the RSA modulus or exponent (n, e)";
            }

            if (key.KeySize < PemPublicKey.MinimumRsaBits)
            {
                return $"the RSA key has {key.KeySize} bits; at least {PemPublicKey.MinimumRsaBits} are needed";
            }
        }
        else if (string.IsNullOrEmpty(key.X) || string.IsNullOrEmpty(key.Y))
        {
            return "it lacks the EC point (x, y)";
        }

        return AlgorithmOf(key) is null
            ? $"its algorithm '{(string.IsNullOrEmpty(key.Alg) ? key.Crv : key.Alg)}' is not RS256 or ES256 (on P-256)"
            : null;
    }
}
