using AloeOrleans.Gateway;
using AloeOrleans.Gateway.Catalog;
using AloeOrleans.Gateway.Health;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.Silo.Migrations;

namespace AloeOrleans.Silo.Hosting;

/// <summary>The <c>run</c> command: one process hosting an Orleans silo and the HTTP gateway over it (/jobs/v2, /systems/v2, /apps/v2).</summary>
public static class ServiceHost
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration[GatewayServiceCollectionExtensions.DataDirKey] = AloeConfiguration.DataDir(builder.Configuration);
        if (builder.Configuration.GetValue("Aloe:MigrateOnStart", true))
        {
            // Idempotent and guarded by an advisory lock, so every silo of a cluster may do it at start.
            await new SchemaMigrator().MigrateAsync(AloeConfiguration.ConnectionString(builder.Configuration),
                Path.Combine(AppContext.BaseDirectory, "sql"), CancellationToken.None);
        }

        builder.AddAloeSilo();
        builder.AddAloeGateway();
        builder.Services.AddSingleton<IJobSubmissionService, JobSubmissionService>();
        builder.Services.AddSingleton<IJobActions, GrainJobActions>();

        var app = builder.Build();
        app.MapJobsApi();
        app.MapSystemsApi();
        app.MapAppsApi();
        app.MapHealthApi();
        await app.RunAsync();
    }
}
