using AloeOrleans.Gateway;
using AloeOrleans.Gateway.Catalog;
using AloeOrleans.Gateway.Health;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.Gateway.Notifications;
using AloeOrleans.Gateway.OpenApi;
using AloeOrleans.Gateway.Operations;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Silo.Migrations;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace AloeOrleans.Silo.Hosting;

/// <summary>
/// The <c>run</c> command: one process hosting an Orleans silo and the HTTP gateway over it (/jobs/v2, /systems/v2,
/// /apps/v2); and the <c>gateway</c> command: the HTTP gateway alone, as an Orleans client of the cluster's silos.
/// </summary>
public static class ServiceHost
{
    /// <summary>The exit code of a start refused for its configuration (sysexits' EX_CONFIG: a restart will not help).</summary>
    public const int ConfigurationRefused = 78;

    /// <summary>Runs until stopped; returns the process's exit code.</summary>
    public static async Task<int> RunAsync(string[] args, ProcessRole role = ProcessRole.Silo)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var refusals = new List<string>();
        if (AloeConfiguration.FindConnectionString(builder.Configuration) is null)
        {
            refusals.Add("ConnectionStrings:Aloe (env ConnectionStrings__Aloe) is not set; `./aloe up` sets it for the embedded database.");
        }

        if (!builder.Environment.IsDevelopment())
        {
            try
            {
                refusals.AddRange(DevelopmentDefaults.InUse(DeploymentSettings.From(builder.Configuration)));
            }
            catch (InvalidOperationException unreadable)
            {
                // A value the binder cannot convert; its message names the key.
                refusals.Add(unreadable.Message);
            }
        }

        if (refusals.Count > 0)
        {
            return Refuse(builder.Environment.EnvironmentName, refusals);
        }

        builder.AddAloeShutdown();
        builder.AddAloeTelemetry(role == ProcessRole.Silo ? "aloe-silo" : "aloe-gateway");
        if (role == ProcessRole.Silo)
        {
            builder.AddAloeSilo();
            builder.Services.AddAloeNotifications();
        }
        else
        {
            builder.AddAloeGatewayClient();
        }

        builder.AddAloeGateway();
        builder.Services.AddSingleton<IJobSubmissionService, JobSubmissionService>();
        builder.Services.AddSingleton<IJobActions, GrainJobActions>();

        var app = builder.Build();
        // Every options class is checked before anything touches the database or opens a port.
        if (InvalidOptions(app.Services) is { Count: > 0 } invalid)
        {
            return Refuse(builder.Environment.EnvironmentName, invalid);
        }

        if (role == ProcessRole.Silo && builder.Configuration.GetValue("Aloe:MigrateOnStart", true))
        {
            // Idempotent and guarded by an advisory lock, so every silo of a cluster may do it at start.
            await new SchemaMigrator().MigrateAsync(AloeConfiguration.ConnectionString(builder.Configuration),
                Path.Combine(AppContext.BaseDirectory, "sql"), CancellationToken.None);
        }

        var operations = app.Services.GetRequiredService<IOptions<OperationsOptions>>().Value;
        app.UseOperatorGate();
        if (operations.MetricsEnabled)
        {
            app.MapPrometheusScrapingEndpoint(OperatorPaths.Normalize(operations.MetricsPath));
        }

        if (operations.DashboardEnabled)
        {
            app.MapOrleansDashboard(routePrefix: OperatorPaths.Normalize(operations.DashboardPath));
        }

        app.MapJobsApi();
        app.MapSystemsApi();
        app.MapAppsApi();
        app.MapHealthApi();
        app.MapNotificationsApi();
        app.MapEventStreamApi();
        app.MapOpenApiReference();
        try
        {
            await app.RunAsync();
        }
        catch (Exception exception) when (SeedRefusal(exception) is { } refused)
        {
            // The seeder runs before the silo and the HTTP port start: nothing of the refused seed was written.
            return Refuse(builder.Environment.EnvironmentName, refused.Problems);
        }

        return 0;
    }

    private static CatalogSeedRefusedException? SeedRefusal(Exception exception) => exception switch
    {
        CatalogSeedRefusedException refused => refused,
        AggregateException aggregate => aggregate.InnerExceptions.Select(SeedRefusal).FirstOrDefault(found => found is not null),
        _ => null,
    };

    private static List<string> InvalidOptions(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (Exception exception) when (exception is OptionsValidationException or AggregateException or InvalidOperationException)
        {
            return Flatten(exception).ToList();
        }
    }

    private static IEnumerable<string> Flatten(Exception exception) => exception switch
    {
        OptionsValidationException validation => validation.Failures,
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Flatten),
        // A value the binder cannot convert: its message names the key ("Failed to convert configuration value at …").
        _ => [exception.Message],
    };

    private static int Refuse(string environment, IReadOnlyList<string> problems)
    {
        Console.Error.WriteLine($"aloe: refusing to start ({environment} environment); set or fix:");
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"  - {problem}");
        }

        return ConfigurationRefused;
    }
}
