using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Auth;
using Xunit;

namespace AloeOrleans.Tests.Gateway.Auth;

public sealed class JwksParserTests(TestKeyPairs keys) : IClassFixture<TestKeyPairs>
{
    [Fact]
    public void Rsa_and_p256_keys_are_pinned_to_their_alg_or_to_the_one_their_type_implies()
    {
        var (parsed, skipped) = JwksParser.Parse(TestKeyPairs.Jwks(
            TestKeyPairs.RsaJwk(keys.Rsa, "rsa-derived"), TestKeyPairs.RsaJwk(keys.Rsa, "rsa-stated", alg: "RS256"),
            TestKeyPairs.EcJwk(keys.Ec, "ec-derived", alg: null), TestKeyPairs.EcJwk(keys.Ec, "ec-stated")), "test");

        Assert.Empty(skipped);
        Assert.Equal(
            [("rsa-derived", "RS256"), ("rsa-stated", "RS256"), ("ec-derived", "ES256"), ("ec-stated", "ES256")],
            parsed.Select(key => (key.KeyId, key.Algorithm)));
    }

    [Fact]
    public void A_key_without_kid_answers_to_any_kid()
    {
        var jwk = TestKeyPairs.RsaJwk(keys.Rsa, "x");
        jwk.Remove("kid");

        var (parsed, _) = JwksParser.Parse(TestKeyPairs.Jwks(jwk), "test");

        Assert.Null(Assert.Single(parsed).KeyId);
    }

    public static TheoryData<string, string> Unusable() => new()
    {
        { """{"kty":"oct","kid":"s","k":"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"}""", "symmetric keys are never taken" },
        { """{"kty":"OKP","kid":"ed","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""", "key type 'OKP'" },
        { """{"kty":"EC","kid":"p384","crv":"P-384","x":"AAAA","y":"AAAA"}""", "not RS256 or ES256" },
        { """{"kty":"RSA","kid":"no-n","e":"AQAB"}""", "lacks the RSA modulus" },
        { """{"kty":"EC","kid":"no-y","crv":"P-256","x":"AAAA"}""", "lacks the EC point" },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public void Unusable_keys_are_skipped_saying_why(string jwk, string reason)
    {
        var (parsed, skipped) = JwksParser.Parse($$"""{"keys":[{{jwk}}]}""", "test");

        Assert.Empty(parsed);
        Assert.Contains(reason, Assert.Single(skipped), StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_for_other_uses_algorithms_or_operations_or_holding_private_parts_are_skipped()
    {
        var encryption = TestKeyPairs.RsaJwk(keys.Rsa, "enc");
        encryption["use"] = "enc";
        var ps256 = TestKeyPairs.RsaJwk(keys.Rsa, "ps", alg: "PS256");
        var es256OnRsa = TestKeyPairs.RsaJwk(keys.Rsa, "mismatch", alg: "ES256");
        var signOnly = TestKeyPairs.RsaJwk(keys.Rsa, "sign-only");
        signOnly["key_ops"] = new JsonArray("sign");
        var withPrivate = TestKeyPairs.RsaJwk(keys.Rsa, "private");
        withPrivate["d"] = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(keys.Rsa.ExportParameters(true).D);
        using var small = RSA.Create(1024);

        var (parsed, skipped) = JwksParser.Parse(TestKeyPairs.Jwks(encryption, ps256, es256OnRsa, signOnly, withPrivate, TestKeyPairs.RsaJwk(small, "small")), "test");

        Assert.Empty(parsed);
        Assert.Collection(skipped,
            line => Assert.Contains("use is 'enc'", line, StringComparison.Ordinal),
            line => Assert.Contains("'PS256' is not RS256 or ES256", line, StringComparison.Ordinal),
            line => Assert.Contains("'ES256' is not RS256 or ES256", line, StringComparison.Ordinal),
            line => Assert.Contains("key_ops do not include 'verify'", line, StringComparison.Ordinal),
            line => Assert.Contains("private parameters", line, StringComparison.Ordinal),
            line => Assert.Contains("1024 bits", line, StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_that_is_not_a_jwks_is_an_error() =>
        Assert.ThrowsAny<ArgumentException>(() => JwksParser.Parse("<html>502 Bad Gateway</html>", "test"));

    [Fact]
    public void An_empty_key_list_is_empty() => Assert.Empty(JwksParser.Parse("""{"keys":[]}""", "test").Keys);
}
