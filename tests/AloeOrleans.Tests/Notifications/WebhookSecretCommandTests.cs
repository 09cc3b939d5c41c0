using System.Security.Cryptography;
using AloeOrleans.Grains.Notifications;
using AloeOrleans.Silo.Commands;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace AloeOrleans.Tests.Notifications;

/// <summary><c>webhook-secret --tenant T</c> prints what the service signs with: from the configured key, or the data folder's key file.</summary>
public sealed class WebhookSecretCommandTests : IDisposable
{
    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), "aloe-secret-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_configured_key_gives_the_services_secret()
    {
        var key = RandomNumberGenerator.GetBytes(32);

        var (code, output, _) = Run(["--tenant", "dev"], new() { ["Aloe:Notifications:SigningKey"] = Convert.ToBase64String(key) });

        Assert.Equal(0, code);
        Assert.Equal(new TenantWebhookSecrets(key).For("dev"), output.Trim());
    }

    [Fact]
    public void Without_a_key_the_data_folders_key_file_is_used_and_kept()
    {
        var first = Run(["--tenant", "dev"], []);
        var again = Run(["--tenant", "dev"], []);
        var other = Run(["--tenant", "other"], []);

        Assert.Equal(0, first.Code);
        Assert.Equal(first.Output, again.Output);
        Assert.NotEqual(first.Output, other.Output);
        Assert.True(File.Exists(Path.Combine(dataFolder, TenantWebhookSecrets.KeyFileName)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dataFolder, TenantWebhookSecrets.KeyFileName)));
        }
    }

    [Theory]
    [InlineData]
    [InlineData("--tenant")]
    [InlineData("--tenant", "")]
    [InlineData("--user", "x")]
    public void A_missing_or_unknown_argument_is_a_usage_error(params string[] args)
    {
        var (code, output, error) = Run(args, []);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("usage: webhook-secret --tenant TENANT", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(dataFolder))
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    private (int Code, string Output, string Error) Run(string[] args, Dictionary<string, string?> settings)
    {
        settings["Aloe:DataDir"] = dataFolder;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = WebhookSecretCommand.Run(args, configuration, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
