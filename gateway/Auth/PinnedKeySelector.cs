namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// Chooses the keys that may verify a token from its header's <c>alg</c> and <c>kid</c>: only keys pinned to exactly
/// that algorithm, and when the token names a <c>kid</c>, only the key with that id (or keys configured without one).
/// So an RS256 public key can never serve as an HS256 secret, nor an ES256 key verify an RS256 token. Pure.
/// </summary>
public static class PinnedKeySelector
{
    /// <summary>The candidate keys (never empty), or a <see cref="JwtKeyRejectedException"/> saying why there are none.</summary>
    public static IReadOnlyList<PinnedKey> Select(IReadOnlyList<PinnedKey> keys, IReadOnlyList<string> accepted, string? algorithm, string? keyId)
    {
        if (string.IsNullOrEmpty(algorithm) || string.Equals(algorithm, "none", StringComparison.OrdinalIgnoreCase))
        {
            throw new JwtKeyRejectedException("The bearer token is not signed (alg none); unsigned tokens are refused.");
        }

        var known = accepted.FirstOrDefault(name => name == algorithm);
        if (known is null)
        {
            throw new JwtKeyRejectedException(
                $"The bearer token is signed with {Describe(algorithm)}, which this service does not accept; it accepts {string.Join(", ", accepted)}.");
        }

        var ofAlgorithm = keys.Where(key => key.Algorithm == known).ToList();
        if (string.IsNullOrEmpty(keyId))
        {
            return ofAlgorithm.Count > 0
                ? ofAlgorithm
                : throw new JwtKeyRejectedException($"The bearer token is signed with {known}, but this service has no {known} key (yet).");
        }

        var named = keys.Where(key => key.KeyId == keyId).ToList();
        var namedOfAlgorithm = named.Where(key => key.Algorithm == known).ToList();
        if (namedOfAlgorithm.Count > 0)
        {
            return namedOfAlgorithm;
        }

        if (named.Count > 0)
        {
            throw new JwtKeyRejectedException(
                $"The bearer token is signed with {known}, but the key its kid names is pinned to {named[0].Algorithm}; the token is refused.");
        }

        // A key configured without a kid verifies tokens of its algorithm whatever kid they carry.
        var unnamed = ofAlgorithm.Where(key => key.KeyId is null).ToList();
        return unnamed.Count > 0
            ? unnamed
            : throw new JwtKeyRejectedException(
                "The bearer token's key id (kid) names none of this service's keys; if the identity provider rotated its keys, retry after the next key refresh.");
    }

    /// <summary>The algorithm as the message may quote it: a name the gateway knows, never arbitrary token text.</summary>
    private static string Describe(string algorithm) =>
        KnownNames.Contains(algorithm) ? algorithm : "an unsupported algorithm";

    private static readonly HashSet<string> KnownNames = new(StringComparer.Ordinal)
    {
        "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
    };
}
