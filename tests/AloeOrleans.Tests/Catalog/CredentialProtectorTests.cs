using System.Security.Cryptography;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Security;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Catalog;

public sealed class CredentialProtectorTests
{
    private const string Secret = "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----";

    [Fact]
    public void Round_trip_returns_the_value_and_the_ciphertext_does_not_contain_it()
    {
        var protector = new CredentialProtector(RandomNumberGenerator.GetBytes(32));

        var sealedValue = protector.Protect(Secret, "t:s");

        Assert.Equal(Secret, protector.Unprotect(sealedValue, "t:s"));
        Assert.DoesNotContain("OPENSSH", System.Text.Encoding.UTF8.GetString(sealedValue), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_value_gets_a_fresh_nonce()
    {
        var protector = new CredentialProtector(RandomNumberGenerator.GetBytes(32));

        Assert.NotEqual(protector.Protect(Secret, "c"), protector.Protect(Secret, "c"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(40)]
    public void A_changed_byte_is_detected(int index)
    {
        var protector = new CredentialProtector(RandomNumberGenerator.GetBytes(32));
        var sealedValue = protector.Protect(Secret, "c");
        sealedValue[index] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealedValue, "c"));
    }

    [Fact]
    public void A_truncated_value_is_rejected()
    {
        var protector = new CredentialProtector(RandomNumberGenerator.GetBytes(32));

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(new byte[10], "c"));
    }

    [Fact]
    public void Another_key_or_another_context_cannot_decrypt()
    {
        var sealedValue = new CredentialProtector(RandomNumberGenerator.GetBytes(32)).Protect(Secret, "tenant:a");
        var other = new CredentialProtector(RandomNumberGenerator.GetBytes(32));

        Assert.ThrowsAny<CryptographicException>(() => other.Unprotect(sealedValue, "tenant:a"));
    }

    [Fact]
    public void A_value_moved_to_another_system_does_not_decrypt()
    {
        var protector = new CredentialProtector(RandomNumberGenerator.GetBytes(32));
        var sealedValue = protector.Protect(Secret, "aloe_systems:dev:a");

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealedValue, "aloe_systems:dev:b"));
    }

    [Fact]
    public void The_key_file_is_created_owner_only_and_reused()
    {
        var folder = Directory.CreateTempSubdirectory("aloe-key-").FullName;
        try
        {
            var options = new SecurityOptions();
            var dataFolder = DataFolder.At(folder);
            var first = CredentialProtector.LoadKey(options, dataFolder);
            var second = CredentialProtector.LoadKey(options, dataFolder);

            Assert.Equal(32, first.Length);
            Assert.Equal(first, second);
            var path = Path.Combine(folder, SecurityOptions.KeyFileName);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            var sealedValue = new CredentialProtector(Options.Create(options), dataFolder).Protect(Secret, "c");
            Assert.Equal(Secret, new CredentialProtector(Options.Create(options), dataFolder).Unprotect(sealedValue, "c"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_configured_key_wins_and_a_bad_one_is_refused_with_its_source()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        Assert.Equal(key, CredentialProtector.LoadKey(new SecurityOptions { CredentialKey = Convert.ToBase64String(key) }, DataFolder.At("/nonexistent")));

        var shortKey = Assert.Throws<InvalidOperationException>(() =>
            CredentialProtector.LoadKey(new SecurityOptions { CredentialKey = Convert.ToBase64String(new byte[16]) }, DataFolder.At("/nonexistent")));
        Assert.Contains("Aloe:Security:CredentialKey has 16 bytes", shortKey.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => CredentialProtector.LoadKey(new SecurityOptions { CredentialKey = "not base64!" }, DataFolder.At("/nonexistent")));
    }
}
