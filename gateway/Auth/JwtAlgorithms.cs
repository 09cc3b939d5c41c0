using Microsoft.IdentityModel.Tokens;

namespace AloeOrleans.Gateway.Auth;

/// <summary>The signing algorithms the gateway knows; every key is pinned to exactly one of them.</summary>
public static class JwtAlgorithms
{
    public const string Hs256 = SecurityAlgorithms.HmacSha256;
    public const string Rs256 = SecurityAlgorithms.RsaSha256;
    public const string Es256 = SecurityAlgorithms.EcdsaSha256;

    /// <summary>What a public key may be pinned to.</summary>
    public static readonly IReadOnlyList<string> Asymmetric = [Rs256, Es256];

    /// <summary>The algorithms tokens may carry under <paramref name="options"/>.</summary>
    public static IReadOnlyList<string> Accepted(JwtOptions options) =>
        [.. options.AcceptsHs256 ? [Hs256] : Array.Empty<string>(), .. options.HasPublicKeySources ? Asymmetric : []];

    /// <summary>The canonical name when <paramref name="name"/> is one of <see cref="Asymmetric"/> (exact spelling); else null.</summary>
    public static string? AsymmetricNamed(string? name) => Asymmetric.FirstOrDefault(algorithm => algorithm == name);
}
