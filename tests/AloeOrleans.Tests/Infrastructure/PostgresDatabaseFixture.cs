using AloeOrleans.Silo.Migrations;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.Infrastructure;

/// <summary>
/// A fresh, uniquely named PostgreSQL database with the project's migrations applied, dropped at dispose.
/// The server comes from <c>ALOE_TEST_PG</c> (an admin connection string; <c>./aloe test</c> sets it). Tests that
/// need the database fail rather than skip when it is missing, so a green run always means the SQL was exercised.
/// </summary>
public class PostgresDatabaseFixture : IAsyncLifetime
{
    /// <summary>The environment variable holding the admin connection string.</summary>
    public const string EnvironmentVariable = "ALOE_TEST_PG";

    public PostgresDatabaseFixture()
    {
        DatabaseName = NewDatabaseName();
        ConnectionString = ConnectionStringFor(DatabaseName);
    }

    /// <summary>The name of this fixture's database.</summary>
    public string DatabaseName { get; }

    /// <summary>Connection string to this fixture's (migrated) database.</summary>
    public string ConnectionString { get; }

    /// <summary>The migration files applied when the fixture was created.</summary>
    public IReadOnlyList<string> AppliedFiles { get; private set; } = [];

    /// <summary>The admin connection string from <c>ALOE_TEST_PG</c>; throws with instructions when unset.</summary>
    public static string AdminConnectionString
    {
        get
        {
            UnitOnlyRun.RefuseServer($"the test PostgreSQL ({EnvironmentVariable})");
            return Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException(
                    $"{EnvironmentVariable} is not set. Run the tests with ./aloe test (it starts PostgreSQL and sets " +
                    $"{EnvironmentVariable}), or set it to an admin connection string, e.g. what " +
                    "`ALOE_DATA_DIR=.aloe/test ALOE_PG_PORT=55433 scripts/pg.sh url postgres` prints (it carries the server's password).");
        }
    }

    /// <summary>The repository's <c>sql/</c> folder, found by walking up to the folder holding AloeOrleans.sln.</summary>
    public static string SqlFolder { get; } = FindSqlFolder();

    /// <summary>A database name no other fixture or test run will pick.</summary>
    public static string NewDatabaseName() => $"aloe_test_{Guid.NewGuid():N}";

    /// <summary>The admin connection string pointed at <paramref name="databaseName"/>.</summary>
    public static string ConnectionStringFor(string databaseName) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = databaseName }.ConnectionString;

    /// <summary>Drops a database, closing whatever sessions (e.g. pooled ones) still use it.</summary>
    public static async Task DropDatabaseAsync(string databaseName)
    {
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        var quoted = "\"" + databaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Opens a connection to this fixture's database.</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs a scalar query against this fixture's database.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(result!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task InitializeAsync()
    {
        AppliedFiles = await new SchemaMigrator().MigrateAsync(ConnectionString, SqlFolder, CancellationToken.None);
    }

    public Task DisposeAsync() => DropDatabaseAsync(DatabaseName);

    private static string FindSqlFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AloeOrleans.sln")))
            {
                return Path.Combine(dir.FullName, "sql");
            }
        }

        throw new DirectoryNotFoundException(
            $"No AloeOrleans.sln above {AppContext.BaseDirectory}: cannot locate the sql/ migrations folder.");
    }
}
