using System.Security.Cryptography;
using System.Text;
using AloeOrleans.Grains.Notifications;
using Xunit;

namespace AloeOrleans.Tests.Notifications;

/// <summary>The signature header a receiver checks, and each tenant's secret.</summary>
public sealed class WebhookSignatureTests
{
    [Fact]
    public void The_signature_is_the_hex_hmac_of_the_body()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"x"}""");
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), body));

        Assert.Equal(expected, WebhookSignature.Sign("s3cret", body));
        Assert.True(WebhookSignature.Verify("s3cret", body, expected));
    }

    [Fact]
    public void Another_body_secret_or_header_does_not_verify()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var header = WebhookSignature.Sign("s3cret", body);

        Assert.False(WebhookSignature.Verify("s3cret", Encoding.UTF8.GetBytes("{ }"), header));
        Assert.False(WebhookSignature.Verify("other", body, header));
        Assert.False(WebhookSignature.Verify("s3cret", body, null));
        Assert.False(WebhookSignature.Verify("s3cret", body, header.ToUpperInvariant()));
    }

    [Fact]
    public void Each_tenant_has_its_own_stable_secret()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var secrets = new TenantWebhookSecrets(key);

        Assert.Equal(secrets.For("t1"), new TenantWebhookSecrets(key).For("t1"));
        Assert.NotEqual(secrets.For("t1"), secrets.For("t2"));
        Assert.NotEqual(secrets.For("t1"), new TenantWebhookSecrets(RandomNumberGenerator.GetBytes(32)).For("t1"));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", secrets.For("t1"));
        Assert.Throws<ArgumentException>(() => new TenantWebhookSecrets(new byte[8]));
    }
}
