using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace AloeOrleans.Silo.Hosting;

/// <summary>The Orleans ADO.NET providers on PostgreSQL, configured in one place for the service and its tests.</summary>
public static class OrleansPostgresExtensions
{
    public const string Invariant = "Npgsql";
    public const string DefaultStorage = "Default";

    /// <summary>ADO.NET clustering, reminders and the default grain storage on <paramref name="connectionString"/>.</summary>
    public static ISiloBuilder UseAloePostgres(this ISiloBuilder silo, string connectionString)
    {
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        return silo.AddAloeGrainStorage(DefaultStorage, connectionString);
    }

    /// <summary>
    /// An ADO.NET grain storage that uses the Orleans binary serializer: it writes every field, so default values
    /// (0, false, "", null) survive a round trip, unlike the provider's JSON default which drops them.
    /// </summary>
    public static ISiloBuilder AddAloeGrainStorage(this ISiloBuilder silo, string name, string connectionString,
        Action<AdoNetGrainStorageOptions>? configure = null)
    {
        silo.AddAdoNetGrainStorage(name, options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
            configure?.Invoke(options);
        });
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(name)
            .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        return silo;
    }

    /// <summary>The cluster and service ids every silo and gateway of one deployment shares.</summary>
    public static ISiloBuilder UseAloeCluster(this ISiloBuilder silo, string clusterId, string serviceId) =>
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = serviceId;
        });
}
