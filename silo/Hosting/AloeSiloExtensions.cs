using System.Net;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Monitoring;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Jobs;
using AloeOrleans.Grains.Jobs.Phases;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Queues;
using AloeOrleans.Grains.Recovery;
using AloeOrleans.Grains.Security;
using AloeOrleans.Grains.Staging;
using Npgsql;

namespace AloeOrleans.Silo.Hosting;

/// <summary>Composition of the silo: Orleans on PostgreSQL, the stores, the phases and their adapters, bound options.</summary>
public static class AloeSiloExtensions
{
    public static WebApplicationBuilder AddAloeSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var connectionString = AloeConfiguration.ConnectionString(configuration);
        var silo = configuration.GetSection("Orleans").Get<SiloOptions>() ?? new SiloOptions();

        builder.UseOrleans(orleans =>
        {
            orleans.UseAloeCluster(silo.ClusterId, silo.ServiceId);
            orleans.ConfigureEndpoints(IPAddress.Parse(silo.AdvertisedIp), silo.SiloPort, silo.GatewayPort, silo.ListenOnAnyHostAddress);
            orleans.UseAloePostgres(connectionString);
            orleans.AddStartupTask<JobRecoveryStartupTask>();
        });

        builder.Services.AddAloeServices(configuration, connectionString);
        return builder;
    }

    /// <summary>Everything the grains and the gateway's backends use, without Orleans itself (the in-process test cluster reuses it).</summary>
    public static IServiceCollection AddAloeServices(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString) { Name = "aloe" }.Build());

        services.Configure<PersistenceOptions>(configuration.GetSection("Aloe:Persistence"));
        services.Configure<QueueDefaultsOptions>(configuration.GetSection("Aloe:Queues"));
        services.Configure<JobOptions>(configuration.GetSection("Aloe:Jobs"));
        services.Configure<MonitoringOptions>(configuration.GetSection("Aloe:Monitoring"));
        services.Configure<SystemMonitorOptions>(configuration.GetSection("Aloe:Monitoring:Batching"));
        services.Configure<StagingOptions>(configuration.GetSection("Aloe:Staging"));
        services.Configure<ExecutionOptions>(configuration.GetSection("Aloe:Execution"));
        services.Configure<SshOptions>(configuration.GetSection("Aloe:Ssh"));
        services.PostConfigure<ExecutionOptions>(options => options.DataDir = AloeConfiguration.DataDir(configuration));
        services.Configure<CatalogSeedOptions>(configuration.GetSection("Aloe:Catalog"));
        services.Configure<SecurityOptions>(configuration.GetSection("Aloe:Security"));
        services.PostConfigure<SecurityOptions>(options => options.DataDir = AloeConfiguration.DataDir(configuration));

        services.AddSingleton<IJobStore, PostgresJobStore>();
        services.AddSingleton<IJobQueries, PostgresJobQueries>();
        services.AddSingleton<IDatabaseHealth, PostgresDatabaseHealth>();
        services.AddSingleton<ITenantAdmins, PostgresTenantAdmins>();
        services.AddSingleton<PostgresCatalog>();
        services.AddSingleton<ICatalog>(provider => provider.GetRequiredService<PostgresCatalog>());
        services.AddSingleton<ICatalogRegistry>(provider => provider.GetRequiredService<PostgresCatalog>());
        services.AddSingleton<CredentialProtector>();
        services.AddSingleton<IQueueStore, PostgresQueueStore>();
        services.AddSingleton<IQueueRouter, DefaultQueueRouter>();

        services.AddSingleton<SystemRoots>();
        services.AddSingleton(provider => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            // Each transfer sets its own deadline (StagingOptions.HttpTimeout).
            Timeout = Timeout.InfiniteTimeSpan,
        });
        services.AddSingleton<InputStager>();
        services.AddSingleton<LocalForkRunner>();
        services.AddSingleton<SshConnectionPool>();
        services.AddSingleton<SystemAccess>();
        services.AddSingleton<IAppTemplates, DeploymentAppTemplates>();
        services.AddSingleton<JobPhases>();
        services.AddHostedService<CatalogSeeder>();
        return services;
    }
}
