using System.Text;
using AloeOrleans.Gateway.Operations;
using Xunit;

namespace AloeOrleans.Tests.Operations;

/// <summary>The operator credential: exact match only (surrounding whitespace of the file ignored), and how a request presents it.</summary>
public sealed class OperatorCredentialTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Only_the_exact_credential_matches()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, $"\n  {Secret}  \n");
            var credential = OperatorCredential.Load(file);
            Assert.True(credential.IsConfigured);
            Assert.True(credential.Matches(Secret));
            Assert.False(credential.Matches(Secret[..^1]));
            Assert.False(credential.Matches(Secret + "0"));
            Assert.False(credential.Matches(Secret.ToUpperInvariant()));
            Assert.False(credential.Matches(" " + Secret));
            Assert.False(credential.Matches(""));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Without_a_file_nothing_matches()
    {
        Assert.False(OperatorCredential.None.IsConfigured);
        Assert.False(OperatorCredential.None.Matches(""));
        Assert.False(OperatorCredential.None.Matches(Secret));
        Assert.Same(OperatorCredential.None, OperatorCredential.Load(" "));
    }

    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer abc", "abc")]
    [InlineData("Bearer", null)]
    [InlineData("", null)]
    [InlineData("Digest abc", null)]
    [InlineData("Basic %%%", null)]
    public void A_request_presents_it_as_a_bearer_token_or_a_basic_password(string header, string? presented)
    {
        Assert.Equal(presented, OperatorGate.Presented(header));
    }

    [Theory]
    [InlineData("operator:secret", "secret")]
    [InlineData(":secret", "secret")]
    [InlineData("user:pass:with:colons", "pass:with:colons")]
    [InlineData("no-colon", null)]
    public void A_basic_header_gives_its_password(string pair, string? presented)
    {
        Assert.Equal(presented, OperatorGate.Presented("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair))));
    }
}
