using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AloeOrleans.Tests.EndToEnd;
using Xunit;

namespace AloeOrleans.Tests.Gateway.Auth;

/// <summary>
/// RS256/ES256 tokens through the gateway as the silo hosts it: verified with configured PEM public keys or a JWKS
/// served by a real local HTTP server, each key pinned to its algorithm; every way around that is a 401 saying why.
/// </summary>
public sealed class PublicKeyAuthTests(TestKeyPairs keys) : IClassFixture<TestKeyPairs>
{
    private Dictionary<string, string?> PemKeys(string rsaKeyId = "rsa-1", string ecKeyId = "ec-1") => new()
    {
        ["Aloe:Jwt:PublicKeys:0:Path"] = keys.RsaPemFile,
        ["Aloe:Jwt:PublicKeys:0:Algorithm"] = "RS256",
        ["Aloe:Jwt:PublicKeys:0:KeyId"] = rsaKeyId,
        ["Aloe:Jwt:PublicKeys:1:Path"] = keys.EcPemFile,
        ["Aloe:Jwt:PublicKeys:1:Algorithm"] = "ES256",
        ["Aloe:Jwt:PublicKeys:1:KeyId"] = ecKeyId,
    };

    private Task<GatewayTestHost> StartWithPemKeysAsync(bool withSigningKey = false) =>
        GatewayTestHost.StartAsync(PemKeys(), withSigningKey, keys.Folder);

    [Fact]
    public async Task Rsa_and_ec_tokens_signed_with_the_configured_pem_keys_are_accepted()
    {
        await using var host = await StartWithPemKeysAsync();

        await AssertAcceptedAsync(host, TestKeyPairs.RsaToken(keys.Rsa, "rsa-1"));
        await AssertAcceptedAsync(host, TestKeyPairs.EcToken(keys.Ec, "ec-1"));
        // Without a kid, every key pinned to the token's algorithm is tried.
        await AssertAcceptedAsync(host, TestKeyPairs.RsaToken(keys.Rsa));
        await AssertAcceptedAsync(host, TestKeyPairs.EcToken(keys.Ec));
    }

    [Fact]
    public async Task A_certificate_pem_as_wso2_exports_it_verifies_rs256_tokens()
    {
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=wso2carbon", keys.Rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pem = keys.Write("wso2carbon.pem", certificate.ExportCertificatePem());
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Aloe:Jwt:PublicKeys:0:Path"] = pem,
            ["Aloe:Jwt:PublicKeys:0:Algorithm"] = "RS256",
        }, withSigningKey: false, keys.Folder);

        await AssertAcceptedAsync(host, TestKeyPairs.RsaToken(keys.Rsa, "any-kid-the-idp-sets"));
    }

    [Fact]
    public async Task Unsigned_tokens_are_401()
    {
        await using var host = await StartWithPemKeysAsync(withSigningKey: true);

        await AssertRefusedAsync(host, TestKeyPairs.Unsigned(), "bad signature, or none");
        await AssertRefusedAsync(host, TestKeyPairs.Unsigned(signature: "c2lnbmF0dXJl", keyId: "rsa-1"), "not signed (alg none)");
    }

    [Fact]
    public async Task Hs256_signed_with_the_rsa_public_key_is_401_whether_or_not_hs256_is_accepted()
    {
        await using (var publicKeysOnly = await StartWithPemKeysAsync())
        {
            await AssertRefusedAsync(publicKeysOnly, keys.Hs256WithRsaPublicKey("rsa-1"), "signed with HS256, which this service does not accept");
            await AssertRefusedAsync(publicKeysOnly, keys.Hs256WithRsaPublicKey(null), "signed with HS256, which this service does not accept");
        }

        await using var withSecret = await StartWithPemKeysAsync(withSigningKey: true);
        await AssertRefusedAsync(withSecret, keys.Hs256WithRsaPublicKey("rsa-1"), "the key its kid names is pinned to RS256");
        await AssertRefusedAsync(withSecret, keys.Hs256WithRsaPublicKey(null), "bad signature");
        // The configured secret itself still works next to the public keys.
        await AssertAcceptedAsync(withSecret, withSecret.Token());
    }

    [Fact]
    public async Task An_rs256_token_whose_kid_names_the_es256_key_is_401()
    {
        await using var host = await StartWithPemKeysAsync();

        await AssertRefusedAsync(host, TestKeyPairs.RsaToken(keys.Rsa, "ec-1"), "signed with RS256, but the key its kid names is pinned to ES256");
    }

    [Fact]
    public async Task An_unknown_kid_is_401()
    {
        await using var host = await StartWithPemKeysAsync();

        await AssertRefusedAsync(host, TestKeyPairs.RsaToken(keys.Rsa, "rsa-2"), "key id (kid) names none of this service's keys");
    }

    [Fact]
    public async Task A_token_signed_by_another_rsa_key_under_a_known_kid_is_401()
    {
        await using var host = await StartWithPemKeysAsync();

        await AssertRefusedAsync(host, TestKeyPairs.RsaToken(keys.OtherRsa, "rsa-1"), "bad signature");
    }

    [Fact]
    public async Task Wrong_issuer_wrong_audience_and_expired_rsa_tokens_are_401_saying_why()
    {
        await using var host = await StartWithPemKeysAsync();

        await AssertRefusedAsync(host, TestKeyPairs.RsaToken(keys.Rsa, "rsa-1", issuer: "https://evil.example.org"), "wrong issuer");
        await AssertRefusedAsync(host, TestKeyPairs.RsaToken(keys.Rsa, "rsa-1", audience: "another-service"), "wrong audience");
        await AssertRefusedAsync(host, TestKeyPairs.RsaToken(keys.Rsa, "rsa-1", expires: DateTimeOffset.UtcNow.AddHours(-2)), "expired");
    }

    [Fact]
    public async Task The_embedded_hs256_key_stops_working_when_public_keys_are_configured()
    {
        await using var host = await StartWithPemKeysAsync();

        await AssertRefusedAsync(host, host.Token(), "signed with HS256, which this service does not accept; it accepts RS256, ES256");
        Assert.False(File.Exists(Path.Combine(keys.Folder, AloeOrleans.Gateway.Auth.SigningKeyResolver.DefaultFileName)),
            "no development key file is generated when the identity provider's keys are configured");
    }

    [Fact]
    public async Task Tokens_verified_with_a_jwks_served_over_http_and_a_rotated_key_is_picked_up_after_the_refresh()
    {
        await using var server = await TestHttpFileServer.StartAsync();
        var jwks = server.Add("jwks.json", Encoding.UTF8.GetBytes(TestKeyPairs.Jwks(
            TestKeyPairs.RsaJwk(keys.Rsa, "rsa-1"), TestKeyPairs.EcJwk(keys.Ec, "ec-1"))));
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Aloe:Jwt:JwksUri"] = jwks,
            ["Aloe:Jwt:JwksRefreshInterval"] = "00:00:01",
        }, withSigningKey: false, keys.Folder);

        await AssertAcceptedAsync(host, TestKeyPairs.RsaToken(keys.Rsa, "rsa-1"));
        await AssertAcceptedAsync(host, TestKeyPairs.EcToken(keys.Ec, "ec-1"));
        await AssertRefusedAsync(host, TestKeyPairs.RsaToken(keys.Rsa, "ec-1"), "pinned to ES256");
        var rotated = TestKeyPairs.RsaToken(keys.OtherRsa, "rsa-2");
        await AssertRefusedAsync(host, rotated, "key id (kid) names none of this service's keys");

        // The provider rotates: rsa-2 joins, rsa-1 is withdrawn.
        server.Add("jwks.json", Encoding.UTF8.GetBytes(TestKeyPairs.Jwks(
            TestKeyPairs.RsaJwk(keys.OtherRsa, "rsa-2", alg: "RS256"), TestKeyPairs.EcJwk(keys.Ec, "ec-1"))));
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while ((await GetAsync(host, rotated)).Status != HttpStatusCode.OK)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the rotated key was not picked up within 30 s (refresh every second)");
            await Task.Delay(100);
        }

        await AssertRefusedAsync(host, TestKeyPairs.RsaToken(keys.Rsa, "rsa-1"), "key id (kid) names none of this service's keys");
    }

    [Fact]
    public async Task A_jwks_file_is_read_like_a_url()
    {
        var file = keys.Write("jwks.json", TestKeyPairs.Jwks(TestKeyPairs.EcJwk(keys.Ec, "ec-1", alg: null)));
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?> { ["Aloe:Jwt:JwksUri"] = file },
            withSigningKey: false, keys.Folder);

        await AssertAcceptedAsync(host, TestKeyPairs.EcToken(keys.Ec, "ec-1"));
        await AssertRefusedAsync(host, TestKeyPairs.RsaToken(keys.Rsa, "ec-1"), "pinned to ES256");
    }

    [Fact]
    public async Task A_jwks_refresh_that_fails_keeps_the_keys_read_before()
    {
        await using var server = await TestHttpFileServer.StartAsync();
        var jwks = server.Add("jwks.json", Encoding.UTF8.GetBytes(TestKeyPairs.Jwks(TestKeyPairs.RsaJwk(keys.Rsa, "rsa-1"))));
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Aloe:Jwt:JwksUri"] = jwks,
            ["Aloe:Jwt:JwksRefreshInterval"] = "00:00:01",
        }, withSigningKey: false, keys.Folder);
        await AssertAcceptedAsync(host, TestKeyPairs.RsaToken(keys.Rsa, "rsa-1"));

        // The provider answers garbage: wait for two more reads, so at least one whole refresh saw it.
        server.Add("jwks.json", "<html>502 Bad Gateway</html>"u8.ToArray());
        var readsBefore = server.Requests.Count;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (server.Requests.Count < readsBefore + 2)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the JWKS was not read again within 30 s (refresh every second)");
            await Task.Delay(100);
        }

        await AssertAcceptedAsync(host, TestKeyPairs.RsaToken(keys.Rsa, "rsa-1"));
    }

    private static async Task AssertAcceptedAsync(GatewayTestHost host, string token)
    {
        var (status, body) = await GetAsync(host, token);
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {body}");
    }

    private static async Task AssertRefusedAsync(GatewayTestHost host, string token, string because)
    {
        var (status, body) = await GetAsync(host, token);
        Assert.True(status == HttpStatusCode.Unauthorized, $"{(int)status}: {body}");
        Assert.Equal("error", (string?)body["status"]);
        Assert.Contains(because, (string?)body["message"], StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(GatewayTestHost host, string token)
    {
        using var request = host.Request(HttpMethod.Get, "/jobs/v2", token);
        using var response = await host.Client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
