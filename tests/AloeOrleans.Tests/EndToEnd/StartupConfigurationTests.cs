using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using AloeOrleans.Gateway.Auth;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// The real service refuses to start on a configuration it must not run with: development defaults outside
/// Development, an invalid option value, a listener beyond loopback without TLS. Each refusal exits non-zero with one
/// message naming every setting to fix.
/// </summary>
[NeedsServers]
public sealed class StartupConfigurationTests
{
    private const int ConfigurationRefused = 78;
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task In_production_every_development_default_is_refused_by_name()
    {
        var (exitCode, output) = await AloeServiceProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // The working directory is the data folder, so "." still finds it; only its being relative is wrong.
            ["ALOE_DATA_DIR"] = ".",
        }, ExitTimeout);

        Assert.True(exitCode == ConfigurationRefused, $"exit code {exitCode}; output:\n{output}");
        foreach (var setting in new[]
                 {
                     "Aloe:Jwt:SigningKey", "Aloe:Jwt:SigningKeyFile", "Aloe:Jwt:PublicKeys", "Aloe:Jwt:JwksUri",
                     "Aloe:Jwt:Issuer", "Aloe:Jwt:Audience", "Aloe:Catalog:SeedEnabled", "Aloe:DataDir",
                 })
        {
            Assert.True(output.Contains(setting, StringComparison.Ordinal), $"the refusal does not name {setting}:\n{output}");
        }
    }

    [Fact]
    public async Task In_production_with_every_setting_made_it_starts_seeds_nothing_and_accepts_only_its_own_tokens()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var jwt = new JwtOptions { Issuer = "https://idp.example.org/", Audience = "aloe-jobs-test-deployment" };
        await using var service = await AloeServiceProcess.StartAsync(environment: new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Aloe__Jwt__SigningKey"] = Convert.ToBase64String(key),
            ["Aloe__Jwt__Issuer"] = jwt.Issuer,
            ["Aloe__Jwt__Audience"] = jwt.Audience,
            ["Aloe__Catalog__SeedEnabled"] = "false",
        });

        Assert.Equal(0, await service.CountRowsAsync("aloe_systems"));
        Assert.Equal(0, await service.CountRowsAsync("aloe_apps"));

        var now = DateTimeOffset.UtcNow;
        var admin = JwtTokenFactory.Create(jwt, key, "dev", "root", ["Internal/aloe-admin"], now.AddMinutes(-1), now.AddHours(1));
        using var http = new HttpClient { BaseAddress = service.BaseAddress };
        var systems = await GetAsync(http, "systems/v2", admin);
        Assert.Equal(HttpStatusCode.OK, systems.Status);
        Assert.Equal(0, systems.Body.GetProperty("result").GetArrayLength());
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(http, "systems/v2", service.TokenFor("dev", "root", "Internal/aloe-admin"))).Status);
    }

    [Fact]
    public async Task An_invalid_option_value_stops_the_start_naming_the_setting()
    {
        var (exitCode, output) = await AloeServiceProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["Aloe__Queues__NumWorkers"] = "0",
            ["Aloe__Monitoring__StepsBySystem__local__0__Interval"] = "00:00:00",
        }, ExitTimeout);

        Assert.True(exitCode == ConfigurationRefused, $"exit code {exitCode}; output:\n{output}");
        Assert.Contains("Aloe:Queues:NumWorkers", output, StringComparison.Ordinal);
        Assert.Contains("Aloe:Monitoring:StepsBySystem:local:0:Interval", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_listening_beyond_loopback_without_tls_exits_naming_the_settings()
    {
        var (exitCode, output) = await AloeServiceProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["Orleans__ListenOnAnyHostAddress"] = "true",
            ["Orleans__Tls__Enabled"] = "false",
        }, ExitTimeout);

        Assert.True(exitCode == ConfigurationRefused, $"exit code {exitCode}; output:\n{output}");
        foreach (var setting in new[] { "Orleans:ListenOnAnyHostAddress", "Orleans:Tls:Enabled", "Orleans:Tls:AllowPlaintextBeyondLoopback" })
        {
            Assert.True(output.Contains(setting, StringComparison.Ordinal), $"the refusal does not name {setting}:\n{output}");
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
