using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;
using AloeOrleans.Gateway.Health;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.Gateway.Operations;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Gateway.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway;

/// <summary>
/// Composes the HTTP API into a host: options, JWT authentication (HS256, PEM public keys, JWKS), per-user rate
/// limits, the envelope for every answer, the body limit and error mapping. The host still registers
/// <c>IJobQueries</c>, <c>IJobPermissionStore</c>, <c>IRecoveryQueries</c>, <c>ITenantAdmins</c>, <c>IDatabaseHealth</c>, <see cref="IJobSubmissionService"/> and
/// <see cref="IJobActions"/>, then maps <c>MapJobsApi()</c> and <c>MapHealthApi()</c>.
/// </summary>
public static class GatewayServiceCollectionExtensions
{
    public static WebApplicationBuilder AddAloeGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // The host may have registered the data folder already (the silo does); both resolve it the same way.
        services.TryAddSingleton(DataFolder.From(builder.Configuration));
        services.AddValidatedOptions<GatewayOptions>(builder.Configuration, GatewayOptions.SectionName);
        services.AddValidatedOptions<JwtOptions>(builder.Configuration, JwtOptions.SectionName);
        services.AddValidatedOptions<OperationsOptions>(builder.Configuration, OperationsOptions.SectionName);
        services.AddSingleton(provider => OperatorCredential.Load(provider.GetRequiredService<IOptions<OperationsOptions>>().Value.OperatorTokenFile));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JwtOptions>, SigningKeyValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new JwtKeyRing(
            provider.GetRequiredService<IOptions<JwtOptions>>().Value, provider.GetRequiredService<DataFolder>().Path));
        services.AddHostedService<JwksRefresher>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();
        services.AddAuthorization();
        services.AddOpenApi(options => options.AddDocumentTransformer<OpenApi.EnvelopeDocumentTransformer>());

        services.AddValidatedOptions<RateLimitOptions>(builder.Configuration, RateLimitOptions.SectionName);
        services.AddRateLimiter(_ => { });
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, RateLimitingSetup>();

        // Scoped: they use the host's query and admin services, whose lifetimes are the host's choice.
        services.AddScoped<CallerResolver>();
        services.AddScoped<JobAccess>();
        services.TryAddSingleton<IClusterHealth, ManagementGrainClusterHealth>();

        services.AddTransient<IStartupFilter, EnvelopeStartupFilter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeveloperPageExceptionFilter, EnvelopeDeveloperPageFilter>());
        return builder;
    }
}
