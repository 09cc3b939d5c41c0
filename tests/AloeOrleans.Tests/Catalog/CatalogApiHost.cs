using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Catalog;
using AloeOrleans.Gateway.Health;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Security;
using AloeOrleans.Grains.Sharing;
using AloeOrleans.Tests.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AloeOrleans.Tests.Catalog;

/// <summary>
/// The gateway with <c>MapSystemsApi</c>/<c>MapAppsApi</c> on Kestrel at 127.0.0.1, over the real
/// <see cref="PostgresCatalog"/> on a fixture database; tenant admins come from <see cref="FakeTenantAdmins"/>, app templates
/// from <see cref="FakeAppTemplates"/>.
/// </summary>
internal sealed class CatalogApiHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly byte[] signingKey;

    private CatalogApiHost(WebApplication app, byte[] signingKey, HttpClient client)
    {
        this.app = app;
        this.signingKey = signingKey;
        Client = client;
    }

    public HttpClient Client { get; }

    public PostgresCatalog Catalog => app.Services.GetRequiredService<PostgresCatalog>();

    public CredentialProtector Protector => app.Services.GetRequiredService<CredentialProtector>();

    public FakeTenantAdmins Admins => app.Services.GetRequiredService<FakeTenantAdmins>();

    public FakeAppTemplates Templates => app.Services.GetRequiredService<FakeAppTemplates>();

    public static async Task<CatalogApiHost> StartAsync(string connectionString)
    {
        var signingKey = RandomNumberGenerator.GetBytes(32);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aloe:Jwt:SigningKey"] = Convert.ToBase64String(signingKey),
        });

        builder.AddAloeGateway();
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton(Options.Create(new PersistenceOptions()));
        services.AddSingleton(new CredentialProtector(RandomNumberGenerator.GetBytes(CredentialProtector.KeyBytes)));
        services.AddSingleton<PostgresCatalog>();
        services.AddSingleton<ICatalogRegistry>(provider => provider.GetRequiredService<PostgresCatalog>());
        services.AddSingleton<FakeTenantAdmins>();
        services.AddSingleton<ITenantAdmins>(provider => provider.GetRequiredService<FakeTenantAdmins>());
        // What the gateway's other services need; Development builds every registration at start.
        services.AddSingleton<IJobQueries, FakeJobQueries>();
        services.AddSingleton<IJobPermissionStore, FakeJobPermissionStore>();
        services.RemoveAll<IClusterHealth>();
        services.AddSingleton<IClusterHealth, FakeClusterHealth>();
        services.AddSingleton<FakeAppTemplates>();
        services.AddSingleton<IAppTemplates>(provider => provider.GetRequiredService<FakeAppTemplates>());

        var app = builder.Build();
        app.MapSystemsApi();
        app.MapAppsApi();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CatalogApiHost(app, signingKey, new HttpClient { BaseAddress = new Uri(address) });
    }

    public string Token(string tenant, string user, params string[] roles) =>
        JwtTokenFactory.Create(new JwtOptions(), signingKey, tenant, user, roles, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

    /// <summary>Sends a request; the answer's raw text too, to look for secrets in it.</summary>
    public async Task<(int Status, JsonNode Body, string Text, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, string token, JsonNode? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, contentType);
        }

        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!, text, response);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
