using AloeOrleans.Gateway.Auth;
using Xunit;

namespace AloeOrleans.Tests.Gateway.Auth;

public sealed class JwtOptionsKeySourcesTests
{
    private static readonly List<JwtPublicKeyOptions> OneKey = [new() { Path = "/k.pem", Algorithm = "RS256" }];

    [Fact]
    public void The_embedded_default_accepts_hs256_only()
    {
        var options = new JwtOptions();

        Assert.True(options.AcceptsHs256);
        Assert.False(options.HasPublicKeySources);
        Assert.Equal(["HS256"], JwtAlgorithms.Accepted(options));
        Assert.Equal(TimeSpan.FromMinutes(10), options.JwksRefreshInterval);
    }

    [Fact]
    public void Public_keys_turn_the_generated_hs256_key_off() =>
        Assert.Equal(["RS256", "ES256"], JwtAlgorithms.Accepted(new JwtOptions { PublicKeys = OneKey }));

    [Fact]
    public void A_jwks_turns_the_generated_hs256_key_off() =>
        Assert.False(new JwtOptions { JwksUri = "https://idp.example.org/jwks" }.AcceptsHs256);

    [Fact]
    public void An_explicit_hs256_key_is_accepted_next_to_public_keys()
    {
        Assert.Equal(["HS256", "RS256", "ES256"], JwtAlgorithms.Accepted(new JwtOptions { PublicKeys = OneKey, SigningKey = "c2VjcmV0" }));
        Assert.True(new JwtOptions { JwksUri = "/etc/jwks.json", SigningKeyFile = "/etc/aloe/jwt.key" }.AcceptsHs256);
    }

    [Fact]
    public void Blank_settings_configure_nothing() =>
        Assert.True(new JwtOptions { JwksUri = " ", PublicKeys = [] }.AcceptsHs256);
}
