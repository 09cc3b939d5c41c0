namespace AloeOrleans.Silo.Hosting;

/// <summary>The two settings everything else hangs on: where the database is and where the data folder is.</summary>
public static class AloeConfiguration
{
    /// <summary><c>ConnectionStrings:Aloe</c> (env <c>ConnectionStrings__Aloe</c>); there is no sensible default.</summary>
    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Aloe")
        ?? throw new InvalidOperationException("ConnectionStrings:Aloe is not set (env ConnectionStrings__Aloe). `./aloe up` sets it for the embedded database.");

    /// <summary><c>Aloe:DataDir</c>, else env <c>ALOE_DATA_DIR</c>, else <c>./.aloe</c>; always absolute.</summary>
    public static string DataDir(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Aloe:DataDir"] ?? Environment.GetEnvironmentVariable("ALOE_DATA_DIR") ?? ".aloe");
}
