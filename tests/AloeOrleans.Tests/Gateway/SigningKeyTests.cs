using AloeOrleans.Gateway.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

public sealed class SigningKeyTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "aloe-key-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void LoadOrCreate_creates_an_owner_only_key_once_and_then_reuses_it()
    {
        var path = Path.Combine(folder, "nested", "jwt-signing.key");

        var first = DevelopmentSigningKey.LoadOrCreate(path);
        var second = DevelopmentSigningKey.LoadOrCreate(path);

        Assert.True(first.Length >= 32);
        Assert.Equal(first, second);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Short_or_non_base64_keys_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() =>
            SigningKeyResolver.Resolve(new JwtOptions { SigningKey = Convert.ToBase64String(new byte[16]) }, folder));
        Assert.Throws<InvalidOperationException>(() =>
            SigningKeyResolver.Resolve(new JwtOptions { SigningKey = "not base64!" }, folder));
    }

    [Fact]
    public async Task Token_command_prints_a_token_signed_with_the_data_folder_key()
    {
        var config = new ConfigurationBuilder().Build();
        var output = new StringWriter();
        var original = Console.Out;
        int exitCode;
        Console.SetOut(output);
        try
        {
            exitCode = await TokenCommand.RunAsync(["token", "--tenant", "dev", "--user", "alice", "--roles", "r1,r2", "--hours", "2"], folder, config);
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(0, exitCode);
        var key = DevelopmentSigningKey.LoadOrCreate(Path.Combine(folder, SigningKeyResolver.DefaultFileName));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(output.ToString().Trim(), new TokenValidationParameters
        {
            ValidIssuer = "aloe-orleans-dev",
            ValidAudience = "aloe-jobs",
            IssuerSigningKey = new SymmetricSecurityKey(key),
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("dev", result.Claims["tenant_id"]);
        Assert.Equal("alice", result.Claims["sub"]);
    }

    [Fact]
    public async Task Token_command_without_user_is_a_usage_error()
    {
        var exitCode = await TokenCommand.RunAsync(["--tenant", "dev"], folder, new ConfigurationBuilder().Build());

        Assert.Equal(2, exitCode);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
