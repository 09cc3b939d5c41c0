using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AloeOrleans.Gateway.Auth;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace AloeOrleans.Tests.Gateway.Auth;

public sealed class PemPublicKeyTests(TestKeyPairs keys) : IClassFixture<TestKeyPairs>
{
    [Fact]
    public void An_rsa_public_key_is_pinned_to_rs256_with_its_kid()
    {
        var key = PemPublicKey.Parse(keys.RsaPublicPem, "RS256", "rsa-1", "test");

        Assert.Equal(("RS256", "rsa-1"), (key.Algorithm, key.KeyId));
        Assert.IsType<RsaSecurityKey>(key.Key);
        Assert.Equal("rsa-1", key.Key.KeyId);
    }

    [Fact]
    public void A_pkcs1_rsa_public_key_is_read_too() =>
        Assert.Equal("RS256", PemPublicKey.Parse(keys.Rsa.ExportRSAPublicKeyPem(), "RS256", null, "test").Algorithm);

    [Fact]
    public void A_p256_public_key_is_pinned_to_es256_and_an_empty_kid_is_none()
    {
        var key = PemPublicKey.Parse(keys.EcPublicPem, "ES256", " ", "test");

        Assert.Equal(("ES256", (string?)null), (key.Algorithm, key.KeyId));
        Assert.IsType<ECDsaSecurityKey>(key.Key);
    }

    [Fact]
    public void Certificates_give_their_public_key()
    {
        var rsaRequest = new CertificateRequest("CN=rsa", keys.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var rsaCertificate = rsaRequest.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var ecRequest = new CertificateRequest("CN=ec", keys.Ec, HashAlgorithmName.SHA256);
        using var ecCertificate = ecRequest.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));

        Assert.IsType<RsaSecurityKey>(PemPublicKey.Parse(rsaCertificate.ExportCertificatePem(), "RS256", null, "test").Key);
        Assert.IsType<ECDsaSecurityKey>(PemPublicKey.Parse(ecCertificate.ExportCertificatePem(), "ES256", null, "test").Key);
        Assert.Contains("not an EC key", Refusal(rsaCertificate.ExportCertificatePem(), "ES256"), StringComparison.Ordinal);
    }

    [Fact]
    public void Private_keys_are_refused()
    {
        Assert.Contains("private key", Refusal(keys.Rsa.ExportPkcs8PrivateKeyPem(), "RS256"), StringComparison.Ordinal);
        Assert.Contains("private key", Refusal(keys.Rsa.ExportRSAPrivateKeyPem(), "RS256"), StringComparison.Ordinal);
        Assert.Contains("private key", Refusal(keys.Ec.ExportECPrivateKeyPem(), "ES256"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_the_wrong_kind_for_its_algorithm_is_refused()
    {
        Assert.Contains("does not hold an RSA public key", Refusal(keys.EcPublicPem, "RS256"), StringComparison.Ordinal);
        Assert.Contains("does not hold an EC public key", Refusal(keys.RsaPublicPem, "ES256"), StringComparison.Ordinal);
    }

    [Fact]
    public void Weak_rsa_keys_and_other_curves_are_refused()
    {
        using var small = RSA.Create(1024);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Contains("1024 bits; RS256 needs at least 2048", Refusal(small.ExportSubjectPublicKeyInfoPem(), "RS256"), StringComparison.Ordinal);
        Assert.Contains("ES256 needs P-256", Refusal(p384.ExportSubjectPublicKeyInfoPem(), "ES256"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("rs256")]
    [InlineData("PS256")]
    [InlineData("")]
    public void Only_rs256_and_es256_may_be_pinned(string algorithm) =>
        Assert.Contains("Algorithm must be RS256 or ES256", Refusal(keys.RsaPublicPem, algorithm), StringComparison.Ordinal);

    [Fact]
    public void Text_without_a_pem_block_is_refused() =>
        Assert.Contains("no PEM block", Refusal("ssh-rsa AAAAB3Nza… user@host", "RS256"), StringComparison.Ordinal);

    [Fact]
    public void The_message_names_the_source() =>
        Assert.StartsWith("The JWT public key Aloe:Jwt:PublicKeys:0 (/x.pem) is unusable:",
            Assert.Throws<InvalidOperationException>(() => PemPublicKey.Parse("nothing", "RS256", null, "Aloe:Jwt:PublicKeys:0 (/x.pem)")).Message,
            StringComparison.Ordinal);

    private static string Refusal(string pem, string algorithm) =>
        Assert.Throws<InvalidOperationException>(() => PemPublicKey.Parse(pem, algorithm, null, "test")).Message;
}
