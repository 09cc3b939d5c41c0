namespace AloeOrleans.Silo.Hosting;

/// <summary>Where the database is; the data folder is <see cref="AloeOrleans.Grains.Configuration.DataFolder"/>.</summary>
public static class AloeConfiguration
{
    public const string ConnectionStringName = "Aloe";

    /// <summary><c>ConnectionStrings:Aloe</c> (env <c>ConnectionStrings__Aloe</c>), or null when unset.</summary>
    public static string? FindConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } value ? value : null;

    /// <summary><c>ConnectionStrings:Aloe</c> (env <c>ConnectionStrings__Aloe</c>); there is no sensible default.</summary>
    public static string ConnectionString(IConfiguration configuration) =>
        FindConnectionString(configuration)
        ?? throw new InvalidOperationException("ConnectionStrings:Aloe is not set (env ConnectionStrings__Aloe). `./aloe up` sets it for the embedded database.");
}
