using Microsoft.IdentityModel.Tokens;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// Every key the gateway verifies tokens with, each pinned to one algorithm: the HS256 key (when
/// <see cref="JwtOptions.AcceptsHs256"/>), the configured PEM public keys, and the keys of the JWKS document as last read
/// (<see cref="JwksRefresher"/> replaces them). The token handler asks it for the keys of each token
/// (<see cref="KeysFor"/>).
/// </summary>
public sealed class JwtKeyRing
{
    private readonly IReadOnlyList<PinnedKey> configured;
    private volatile IReadOnlyList<PinnedKey> fromJwks = [];

    public JwtKeyRing(JwtOptions options, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(options);
        Accepted = JwtAlgorithms.Accepted(options);
        configured = LoadConfigured(options, dataDir);
    }

    /// <summary>The algorithms a token may be signed with.</summary>
    public IReadOnlyList<string> Accepted { get; }

    /// <summary>The keys now in use: configured ones first, then those of the JWKS document.</summary>
    public IReadOnlyList<PinnedKey> Keys => [.. configured, .. fromJwks];

    /// <summary>
    /// The keys configured in <paramref name="options"/> (HS256 and PEM files), read now; throws
    /// <see cref="InvalidOperationException"/> naming the setting when one is unusable, so the host refuses to start.
    /// </summary>
    public static IReadOnlyList<PinnedKey> LoadConfigured(JwtOptions options, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = new List<PinnedKey>();
        if (options.AcceptsHs256)
        {
            keys.Add(new PinnedKey(new SymmetricSecurityKey(SigningKeyResolver.Resolve(options, dataDir)), JwtAlgorithms.Hs256, null,
                $"{JwtOptions.SectionName}:SigningKey"));
        }

        for (var i = 0; i < (options.PublicKeys?.Count ?? 0); i++)
        {
            var configuredKey = options.PublicKeys![i];
            var setting = $"{JwtOptions.SectionName}:PublicKeys:{i}";
            if (string.IsNullOrWhiteSpace(configuredKey.Path))
            {
                throw new InvalidOperationException($"{setting}:Path must name a PEM file.");
            }

            string pem;
            try
            {
                pem = File.ReadAllText(configuredKey.Path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"{setting}:Path '{configuredKey.Path}' cannot be read: {exception.Message}", exception);
            }

            keys.Add(PemPublicKey.Parse(pem, configuredKey.Algorithm, configuredKey.KeyId, $"{setting} ({configuredKey.Path})"));
        }

        return keys;
    }

    /// <summary>Replaces the keys taken from the JWKS document.</summary>
    public void ReplaceJwksKeys(IReadOnlyList<PinnedKey> keys) => fromJwks = keys;

    /// <summary>
    /// The keys that may verify a token whose header says <paramref name="algorithm"/> and <paramref name="keyId"/>
    /// (<see cref="PinnedKeySelector"/>); throws <see cref="JwtKeyRejectedException"/> when none may.
    /// </summary>
    public IEnumerable<SecurityKey> KeysFor(string? algorithm, string? keyId) =>
        PinnedKeySelector.Select(Keys, Accepted, algorithm, keyId).Select(key => key.Key);

    /// <summary>Whether <paramref name="key"/> is one of the ring's keys pinned to <paramref name="algorithm"/>.</summary>
    public bool IsPinnedTo(SecurityKey key, string algorithm) =>
        Keys.Any(pinned => ReferenceEquals(pinned.Key, key) && pinned.Algorithm == algorithm);
}
