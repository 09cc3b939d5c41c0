using AloeOrleans.Gateway.Operations;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Events;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Local;
using AloeOrleans.Grains.Execution.Monitoring;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Jobs;
using AloeOrleans.Grains.Jobs.Phases;
using AloeOrleans.Grains.Notifications;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Queues;
using AloeOrleans.Grains.Queues.Routing;
using AloeOrleans.Grains.Quotas;
using AloeOrleans.Grains.Recovery;
using AloeOrleans.Grains.Revival;
using AloeOrleans.Grains.Security;
using AloeOrleans.Grains.Sharing;
using AloeOrleans.Grains.Staging;
using AloeOrleans.Grains.Telemetry;
using AloeOrleans.Silo.Cluster;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace AloeOrleans.Silo.Hosting;

/// <summary>
/// Composition of the silo: Orleans on PostgreSQL behind mutual TLS, the stores, the phases and their adapters, and
/// every options class bound and checked at start (<see cref="ValidatedOptionsExtensions.AddValidatedOptions"/>).
/// </summary>
public static class AloeSiloExtensions
{
    public static WebApplicationBuilder AddAloeSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var connectionString = AloeConfiguration.ConnectionString(configuration);
        builder.Services.AddValidatedOptions<SiloOptions>(configuration, SiloOptions.SectionName);

        // Registered before Orleans so that their hosted services (the run-as account, the catalog seed and its LOCAL
        // root checks) run before the silo starts and resumes jobs: a refused seed stops the service before any job runs.
        builder.Services.AddAloeServices(configuration, connectionString);
        builder.Services.AddAloeSiloWork();
        var operations = configuration.GetSection(OperationsOptions.SectionName).Get<OperationsOptions>() ?? new OperationsOptions();
        // Writes that add history events signal the event streams (docs/notifications.md, "The event stream").
        builder.Services.AddSingleton<JobEventPublisher>();
        builder.Services.AddSingleton<PostgresJobStore>();
        builder.Services.AddSingleton<PostgresJobPermissionStore>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IJobStore, PublishingJobStore>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IJobPermissionStore, PublishingPermissionStore>());
        builder.UseOrleans(orleans =>
        {
            // Read from the validated options when Orleans starts, so a bad value is refused with all the others.
            orleans.Services.AddOptions<ClusterOptions>().Configure<IOptions<SiloOptions>>((cluster, silo) =>
            {
                cluster.ClusterId = silo.Value.ClusterId;
                cluster.ServiceId = silo.Value.ServiceId;
            });
            orleans.Services.AddOptions<EndpointOptions>().Configure<IOptions<SiloOptions>>((endpoints, silo) => silo.Value.ApplyTo(endpoints));
            orleans.Services.AddOptions<SiloMessagingOptions>().Configure<IOptions<SiloOptions>>((messaging, silo) =>
                messaging.ResponseTimeout = silo.Value.GrainCallTimeout);
            orleans.Services.AddOptions<GrainCollectionOptions>().Configure<IOptions<SiloOptions>>((collection, silo) =>
                collection.CollectionAge = silo.Value.GrainCollectionAge);
            orleans.UseAloeClusterTls();
            // Grain calls carry the caller's trace, so a request's spans and its grains' spans form one trace.
            orleans.AddActivityPropagation();
            if (operations.DashboardEnabled)
            {
                orleans.AddAloeDashboard(operations);
            }

            orleans.UseAloePostgres(connectionString);
            orleans.AddMemoryStreams(JobEventStreams.ProviderName);
            orleans.AddMemoryGrainStorage(JobEventStreams.PubSubStorageName);
            orleans.AddStartupTask<JobRecoveryStartupTask>();
            orleans.Services.AddSingleton<JobRevivalSweep>();
            orleans.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<JobRevivalSweep>());
            orleans.Services.AddSingleton<SiloLossRecovery>();
            orleans.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<SiloLossRecovery>());
        });

        return builder;
    }

    /// <summary>
    /// What only a process that hosts grains runs: the LOCAL run-as account, the catalog seed, the report of allowed
    /// networks and the database gauges. A gateway-only process (<c>gateway</c>) leaves them out.
    /// </summary>
    public static IServiceCollection AddAloeSiloWork(this IServiceCollection services)
    {
        // In this order, as before the split: the report refuses a bad allow-list before the account or the seed is touched.
        services.AddHostedService<AllowedNetworksReport>();
        services.AddHostedService(provider => provider.GetRequiredService<LocalRunAsAccount>());
        services.AddHostedService<CatalogSeeder>();
        services.AddHostedService<DatabaseGauges>();
        return services;
    }

    /// <summary>Everything the grains and the gateway's backends use, without Orleans itself (the in-process test cluster reuses it).</summary>
    public static IServiceCollection AddAloeServices(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.TryAddSingleton(DataFolder.From(configuration));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString) { Name = "aloe" }.Build());

        services.AddValidatedOptions<PersistenceOptions>(configuration, PersistenceOptions.SectionName);
        services.AddValidatedOptions<QueueDefaultsOptions>(configuration, QueueDefaultsOptions.SectionName);
        services.AddValidatedOptions<JobOptions>(configuration, JobOptions.SectionName);
        services.AddValidatedOptions<MonitoringOptions>(configuration, MonitoringOptions.SectionName);
        services.AddValidatedOptions<RecoveryOptions>(configuration, RecoveryOptions.SectionName);
        services.AddValidatedOptions<SystemMonitorOptions>(configuration, SystemMonitorOptions.SectionName);
        services.AddValidatedOptions<StagingOptions>(configuration, StagingOptions.SectionName);
        services.AddValidatedOptions<ExecutionOptions>(configuration, ExecutionOptions.SectionName);
        services.AddValidatedOptions<SshOptions>(configuration, SshOptions.SectionName);
        services.AddValidatedOptions<CatalogSeedOptions>(configuration, CatalogSeedOptions.SectionName);
        services.AddValidatedOptions<SecurityOptions>(configuration, SecurityOptions.SectionName);
        services.AddValidatedOptions<JobRevivalOptions>(configuration, JobRevivalOptions.SectionName);
        services.AddValidatedOptions<NotificationOptions>(configuration, NotificationOptions.SectionName);
        services.AddValidatedOptions<SmtpOptions>(configuration, SmtpOptions.SectionName);
        services.AddValidatedOptions<TelemetryOptions>(configuration, TelemetryOptions.SectionName);
        services.AddSingleton<PostgresNotificationStore>();
        services.AddSingleton<TenantWebhookSecrets>();
        services.AddSingleton<PostgresJobEventFeed>();

        services.AddSingleton<IJobStore, PostgresJobStore>();
        services.AddSingleton<IQuotaStore, PostgresQuotaStore>();
        services.AddSingleton<IJobQueries, PostgresJobQueries>();
        services.AddSingleton<IDatabaseHealth, PostgresDatabaseHealth>();
        services.AddSingleton<ITenantAdmins, PostgresTenantAdmins>();
        services.AddSingleton<IJobPermissionStore, PostgresJobPermissionStore>();
        services.AddSingleton<PostgresCatalog>();
        services.AddSingleton<ICatalog>(provider => provider.GetRequiredService<PostgresCatalog>());
        services.AddSingleton<ICatalogRegistry>(provider => provider.GetRequiredService<PostgresCatalog>());
        services.AddSingleton<CredentialProtector>();
        services.AddSingleton<IQueueStore, PostgresQueueStore>();
        services.AddSingleton<TenantQueueRouter>();
        services.AddSingleton<IQueueRouter>(provider => provider.GetRequiredService<TenantQueueRouter>());
        services.AddHostedService<QueueChangeListener>();
        services.AddSingleton<IStrandedJobs, PostgresStrandedJobs>();

        services.AddSingleton<SystemRoots>();
        services.AddSingleton<StagingNetwork>();
        services.AddSingleton<InputStager>();
        services.AddSingleton<LocalRunAsAccount>();
        services.AddSingleton<LocalForkRunner>();
        services.AddSingleton<SshConnectionPool>();
        services.AddSingleton<SystemAccess>();
        services.AddSingleton<Grains.Outputs.JobOutputs>();
        services.AddSingleton<IAppTemplates, DeploymentAppTemplates>();
        services.AddSingleton<JobPhases>();
        services.AddSingleton<IRecoveryStore, PostgresRecoveryStore>();
        services.AddSingleton<IRecoveryQueries, PostgresRecoveryQueries>();
        services.AddSingleton<SshTester>();
        services.AddSingleton<SchedulerTester>();
        services.AddSingleton<InputServerTester>();
        services.AddSingleton<RecoveryTesters>();
        return services;
    }
}
