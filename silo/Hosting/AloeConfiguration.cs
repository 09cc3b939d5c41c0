using System.Data.Common;
using Npgsql;

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
        WithStatementPreparation(FindConnectionString(configuration)
            ?? throw new InvalidOperationException("ConnectionStrings:Aloe is not set (env ConnectionStrings__Aloe). `./aloe up` sets it for the embedded database."));

    /// <summary>
    /// Turns on Npgsql's automatic statement preparation (64 statements per connection, prepared at their second use)
    /// unless the connection string says otherwise: the job writes are a few large statements run over and over, and
    /// parsing and planning them again each time was a measured part of a submission's cost (docs/operations.md, "Performance").
    /// </summary>
    public static string WithStatementPreparation(string connectionString)
    {
        // Npgsql's own builder answers ContainsKey for every keyword it knows; the plain one holds only what was written.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        if (written.Contains("MAXAUTOPREPARE"))
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 };
        if (!written.Contains("AUTOPREPAREMINUSAGES"))
        {
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
