using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;
using AloeOrleans.Gateway.Health;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.Gateway.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway;

/// <summary>
/// Composes the HTTP API into a host: options, JWT authentication (HS256, PEM public keys, JWKS), per-user rate
/// limits, the envelope for every answer, the body limit and error mapping. The host still registers
/// <c>IJobQueries</c>, <c>ITenantAdmins</c>, <c>IDatabaseHealth</c>, <see cref="IJobSubmissionService"/> and
/// <see cref="IJobActions"/>, then maps <c>MapJobsApi()</c> and <c>MapHealthApi()</c>.
/// </summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>The data folder of the install; the default signing key file lives there.</summary>
    public const string DataDirKey = "ALOE_DATA_DIR";

    public static WebApplicationBuilder AddAloeGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .Validate(o => o.MaxRequestBodyBytes > 0, $"{GatewayOptions.SectionName}:MaxRequestBodyBytes must be positive.")
            .Validate(o => o.QueueFullRetryAfterSeconds >= 0, $"{GatewayOptions.SectionName}:QueueFullRetryAfterSeconds must not be negative.")
            .Validate(o => o.ReadyCheckTimeoutSeconds > 0, $"{GatewayOptions.SectionName}:ReadyCheckTimeoutSeconds must be positive.")
            .Validate(o => string.IsNullOrWhiteSpace(o.BaseUrl) || Uri.IsWellFormedUriString(o.BaseUrl, UriKind.Absolute),
                $"{GatewayOptions.SectionName}:BaseUrl must be an absolute URL.")
            .ValidateOnStart();

        services.AddOptions<JwtOptions>()
            .Bind(builder.Configuration.GetSection(JwtOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Issuer) && !string.IsNullOrWhiteSpace(o.Audience),
                $"{JwtOptions.SectionName}:Issuer and Audience must be set.")
            .Validate(o => o.EffectiveUserClaims.Count > 0 && !string.IsNullOrWhiteSpace(o.TenantClaim) && !string.IsNullOrWhiteSpace(o.RolesClaim),
                $"{JwtOptions.SectionName}: TenantClaim, UserClaims and RolesClaim must be set.")
            .Validate(o => o.ClockSkewSeconds >= 0, $"{JwtOptions.SectionName}:ClockSkewSeconds must not be negative.")
            .Validate(o => o.JwksRefreshInterval >= TimeSpan.FromSeconds(1) && o.JwksRefreshInterval <= TimeSpan.FromDays(1),
                $"{JwtOptions.SectionName}:JwksRefreshInterval must be between 1 second and 1 day.")
            .Validate(o => string.IsNullOrWhiteSpace(o.JwksUri) || JwksLocation.Parse(o.JwksUri) is not null, "Bad JWKS location.")
            // Reading the keys at start-up (creating the embedded default if missing) makes a bad key stop the
            // host with its own message instead of failing the first request.
            .Validate<SigningKeyLocation>((o, location) => JwtKeyRing.LoadConfigured(o, location.DataDir).Count > 0 || o.HasPublicKeySources,
                "No JWT key.")
            .ValidateOnStart();

        var dataDir = builder.Configuration[DataDirKey] ?? Path.Combine(builder.Environment.ContentRootPath, "data");
        services.AddSingleton(new SigningKeyLocation(dataDir));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new JwtKeyRing(
            provider.GetRequiredService<IOptions<JwtOptions>>().Value, provider.GetRequiredService<SigningKeyLocation>().DataDir));
        services.AddHostedService<JwksRefresher>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();
        services.AddAuthorization();

        services.AddOptions<RateLimitOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitOptions.SectionName))
            .Validate(o => o.TokensPerSecond >= 1 && o.BurstLimit >= 1,
                $"{RateLimitOptions.SectionName}:TokensPerSecond and BurstLimit must be at least 1.")
            .Validate(o => o.AnonymousTokensPerSecond >= 1 && o.AnonymousBurstLimit >= 1,
                $"{RateLimitOptions.SectionName}:AnonymousTokensPerSecond and AnonymousBurstLimit must be at least 1.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, RateLimitingSetup>();

        // Scoped: they use the host's query and admin services, whose lifetimes are the host's choice.
        services.AddScoped<CallerResolver>();
        services.AddScoped<JobAccess>();
        services.TryAddSingleton<IClusterHealth, ManagementGrainClusterHealth>();

        services.AddTransient<IStartupFilter, EnvelopeStartupFilter>();
        return builder;
    }
}
