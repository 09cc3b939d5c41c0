using System.Net.Http.Headers;
using System.Security.Cryptography;
using AloeOrleans.Gateway;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Catalog;
using AloeOrleans.Gateway.OpenApi;
using AloeOrleans.Gateway.Health;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Recovery;
using AloeOrleans.Grains.Sharing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AloeOrleans.Tests.Gateway;

/// <summary>
/// The gateway as the silo hosts it (AddAloeGateway, MapJobsApi, MapHealthApi) on Kestrel at 127.0.0.1 on a free
/// port, with in-memory fakes behind its interfaces.
/// </summary>
internal sealed class GatewayTestHost : IAsyncDisposable
{
    public const long MaxBodyBytes = 4096;

    private readonly WebApplication app;

    private GatewayTestHost(WebApplication app, byte[] key, HttpClient client)
    {
        this.app = app;
        Key = key;
        Client = client;
    }

    public byte[] Key { get; }

    public HttpClient Client { get; }

    public JwtOptions Jwt { get; } = new();

    public FakeJobQueries Queries => app.Services.GetRequiredService<FakeJobQueries>();

    public FakeSubmissionService Submissions => app.Services.GetRequiredService<FakeSubmissionService>();

    public FakeJobActions Actions => app.Services.GetRequiredService<FakeJobActions>();

    public FakeTenantAdmins Admins => app.Services.GetRequiredService<FakeTenantAdmins>();

    public FakeJobPermissionStore Permissions => app.Services.GetRequiredService<FakeJobPermissionStore>();

    public FakeRecoveryQueries Recovery => app.Services.GetRequiredService<FakeRecoveryQueries>();

    public FakeDatabaseHealth Database => app.Services.GetRequiredService<FakeDatabaseHealth>();

    public FakeClusterHealth Cluster => app.Services.GetRequiredService<FakeClusterHealth>();

    /// <param name="settings">Configuration on top of the host's own.</param>
    /// <param name="withSigningKey">
    /// Whether <c>Aloe:Jwt:SigningKey</c> is set to <see cref="Key"/>; without it (and with public keys configured) the
    /// host accepts no HS256 token. <paramref name="dataDir"/> is then where a default key file would go.
    /// </param>
    /// <param name="environmentName">"Development" (the default, as `./aloe up` runs) adds what ASP.NET adds there, e.g. its exception page.</param>
    public static async Task<GatewayTestHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, bool withSigningKey = true,
        string? dataDir = null, string environmentName = "Development")
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environmentName });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aloe:Gateway:MaxRequestBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Aloe:Gateway:QueueFullRetryAfterSeconds"] = "7",
        });
        if (withSigningKey)
        {
            builder.Configuration["Aloe:Jwt:SigningKey"] = Convert.ToBase64String(key);
        }

        if (dataDir is not null)
        {
            builder.Configuration[DataFolder.ConfigurationKey] = dataDir;
        }

        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddAloeGateway();
        Register<FakeJobQueries, IJobQueries>(builder.Services);
        Register<FakeSubmissionService, IJobSubmissionService>(builder.Services);
        Register<FakeJobActions, IJobActions>(builder.Services);
        Register<FakeTenantAdmins, ITenantAdmins>(builder.Services);
        Register<FakeJobPermissionStore, IJobPermissionStore>(builder.Services);
        Register<FakeRecoveryQueries, IRecoveryQueries>(builder.Services);
        Register<FakeDatabaseHealth, IDatabaseHealth>(builder.Services);
        // The gateway's own cluster health needs Orleans; Development validates every registration at build.
        builder.Services.RemoveAll<IClusterHealth>();
        Register<FakeClusterHealth, IClusterHealth>(builder.Services);

        var app = builder.Build();
        app.MapJobsApi();
        app.MapSystemsApi();
        app.MapAppsApi();
        app.MapHealthApi();
        app.MapOpenApiReference();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayTestHost(app, key, new HttpClient { BaseAddress = new Uri(address) });
    }

    /// <summary>Every endpoint the host maps, as routing sees them.</summary>
    public IReadOnlyList<Microsoft.AspNetCore.Http.Endpoint> Endpoints =>
        [.. app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints];

    public string Token(string tenant = "dev", string user = "alice", string[]? roles = null, TimeSpan? lifetime = null)
    {
        var now = DateTimeOffset.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromHours(1));
        return JwtTokenFactory.Create(Jwt, Key, tenant, user, roles ?? [], expires < now ? expires.AddHours(-1) : now, expires);
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? token = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static void Register<TFake, TService>(IServiceCollection services)
        where TFake : class, TService
        where TService : class
    {
        services.AddSingleton<TFake>();
        // Replaces the gateway's own default (e.g. the Orleans-backed cluster health), which this host cannot build.
        services.RemoveAll<TService>();
        services.AddSingleton<TService>(provider => provider.GetRequiredService<TFake>());
    }
}
