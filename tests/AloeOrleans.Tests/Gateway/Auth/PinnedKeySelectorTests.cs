using AloeOrleans.Gateway.Auth;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace AloeOrleans.Tests.Gateway.Auth;

public sealed class PinnedKeySelectorTests
{
    private static readonly PinnedKey Secret = Key(JwtAlgorithms.Hs256, null);
    private static readonly PinnedKey Rsa1 = Key(JwtAlgorithms.Rs256, "rsa-1");
    private static readonly PinnedKey Rsa2 = Key(JwtAlgorithms.Rs256, "rsa-2");
    private static readonly PinnedKey Ec1 = Key(JwtAlgorithms.Es256, "ec-1");
    private static readonly PinnedKey RsaAnyKid = Key(JwtAlgorithms.Rs256, null);

    private static readonly string[] All = [JwtAlgorithms.Hs256, JwtAlgorithms.Rs256, JwtAlgorithms.Es256];
    private static readonly string[] PublicOnly = [JwtAlgorithms.Rs256, JwtAlgorithms.Es256];

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    public void Unsigned_tokens_are_refused(string? algorithm) =>
        Assert.Contains("not signed (alg none)", Refusal([Secret, Rsa1], All, algorithm, null), StringComparison.Ordinal);

    [Theory]
    [InlineData("RS384")]
    [InlineData("PS256")]
    [InlineData("HS512")]
    public void Algorithms_not_accepted_are_refused_by_name(string algorithm) =>
        Assert.Contains($"signed with {algorithm}, which this service does not accept; it accepts HS256, RS256, ES256",
            Refusal([Secret, Rsa1, Ec1], All, algorithm, null), StringComparison.Ordinal);

    [Theory]
    [InlineData("<script>")]
    [InlineData("rs256")]
    [InlineData("RS256 ")]
    public void Algorithm_text_that_is_not_an_exact_known_name_is_never_quoted(string algorithm) =>
        Assert.Contains("signed with an unsupported algorithm", Refusal([Rsa1], All, algorithm, null), StringComparison.Ordinal);

    [Fact]
    public void Hs256_is_refused_when_only_public_keys_are_accepted() =>
        Assert.Contains("signed with HS256, which this service does not accept; it accepts RS256, ES256",
            Refusal([Rsa1, Ec1], PublicOnly, JwtAlgorithms.Hs256, "rsa-1"), StringComparison.Ordinal);

    [Fact]
    public void Without_a_kid_every_key_pinned_to_the_algorithm_is_a_candidate()
    {
        Assert.Equal([Rsa1, Rsa2, RsaAnyKid], PinnedKeySelector.Select([Secret, Rsa1, Rsa2, Ec1, RsaAnyKid], All, JwtAlgorithms.Rs256, null));
        Assert.Equal([Ec1], PinnedKeySelector.Select([Secret, Rsa1, Ec1], All, JwtAlgorithms.Es256, null));
        Assert.Equal([Secret], PinnedKeySelector.Select([Secret, Rsa1, Ec1], All, JwtAlgorithms.Hs256, null));
    }

    [Fact]
    public void A_kid_selects_its_key_only()
    {
        Assert.Equal([Rsa2], PinnedKeySelector.Select([Rsa1, Rsa2, RsaAnyKid], All, JwtAlgorithms.Rs256, "rsa-2"));
    }

    [Fact]
    public void A_kid_naming_a_key_pinned_to_another_algorithm_is_refused_even_when_other_keys_would_do()
    {
        Assert.Contains("signed with RS256, but the key its kid names is pinned to ES256",
            Refusal([Rsa1, Ec1, RsaAnyKid], All, JwtAlgorithms.Rs256, "ec-1"), StringComparison.Ordinal);
        Assert.Contains("signed with HS256, but the key its kid names is pinned to RS256",
            Refusal([Secret, Rsa1], All, JwtAlgorithms.Hs256, "rsa-1"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_kid_falls_back_to_keys_configured_without_one_of_the_same_algorithm()
    {
        Assert.Equal([RsaAnyKid], PinnedKeySelector.Select([Rsa1, RsaAnyKid, Ec1], All, JwtAlgorithms.Rs256, "rotated"));
        Assert.Equal([Secret], PinnedKeySelector.Select([Secret, Rsa1], All, JwtAlgorithms.Hs256, "some-kid"));
    }

    [Fact]
    public void An_unknown_kid_is_refused_when_every_key_of_the_algorithm_has_its_own()
    {
        var message = Refusal([Rsa1, Rsa2, Key(JwtAlgorithms.Es256, null)], All, JwtAlgorithms.Rs256, "rsa-9");

        Assert.Contains("key id (kid) names none of this service's keys", message, StringComparison.Ordinal);
        Assert.DoesNotContain("rsa-9", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_accepted_algorithm_without_any_key_yet_is_refused() =>
        Assert.Contains("this service has no ES256 key (yet)", Refusal([Rsa1], PublicOnly, JwtAlgorithms.Es256, null), StringComparison.Ordinal);

    private static string Refusal(IReadOnlyList<PinnedKey> keys, IReadOnlyList<string> accepted, string? algorithm, string? keyId) =>
        Assert.Throws<JwtKeyRejectedException>(() => PinnedKeySelector.Select(keys, accepted, algorithm, keyId)).Message;

    private static PinnedKey Key(string algorithm, string? keyId) =>
        new(new SymmetricSecurityKey(new byte[32]) { KeyId = keyId }, algorithm, keyId, $"{algorithm} {keyId}");
}
