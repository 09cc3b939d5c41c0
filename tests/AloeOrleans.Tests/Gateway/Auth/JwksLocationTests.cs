using AloeOrleans.Gateway.Auth;
using Xunit;

namespace AloeOrleans.Tests.Gateway.Auth;

public sealed class JwksLocationTests
{
    [Theory]
    [InlineData("https://idp.example.org/oauth2/jwks")]
    [InlineData("https://10.0.0.5:9443/oauth2/jwks")]
    [InlineData("http://127.0.0.1:8080/jwks.json")]
    [InlineData("http://127.1.2.3/jwks.json")]
    [InlineData("http://localhost:9443/jwks")]
    [InlineData("http://[::1]:8080/jwks")]
    public void Https_anywhere_and_http_on_loopback_are_urls(string text) =>
        Assert.Equal(new Uri(text), JwksLocation.Parse(text).Url);

    [Theory]
    [InlineData("http://idp.example.org/oauth2/jwks")]
    [InlineData("http://10.0.0.5/jwks")]
    [InlineData("http://169.254.169.254/latest")]
    public void Plain_http_to_another_host_is_refused(string text) =>
        Assert.Contains("plain http", Assert.Throws<InvalidOperationException>(() => JwksLocation.Parse(text)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("/etc/aloe/jwks.json", "/etc/aloe/jwks.json")]
    [InlineData("file:///etc/aloe/jwks.json", "/etc/aloe/jwks.json")]
    public void Absolute_paths_are_files(string text, string path) =>
        Assert.Equal(path, JwksLocation.Parse(text).FilePath);

    [Theory]
    [InlineData("jwks.json")]
    [InlineData("./keys/jwks.json")]
    [InlineData("ftp://idp.example.org/jwks")]
    [InlineData("ldap://idp.example.org")]
    public void Relative_paths_and_other_schemes_are_refused(string text) =>
        Assert.Contains("Aloe:Jwt:JwksUri must be", Assert.Throws<InvalidOperationException>(() => JwksLocation.Parse(text)).Message, StringComparison.Ordinal);
}
