using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AloeOrleans.Silo.Migrations;

/// <summary>
/// Applies the ordered <c>*.sql</c> files of a folder to a PostgreSQL database and records each one (with a
/// SHA-256 checksum) in <c>aloe_schema_migrations</c>. Safe to run from several silos at once: the work happens
/// under a database-wide advisory lock, and each file commits in its own transaction.
/// </summary>
/// <remarks>
/// The project's migrations are written to be idempotent, so a file whose content changed after it was applied
/// (for example new Orleans query text) is applied again rather than rejected; unchanged files are skipped.
/// </remarks>
public sealed class SchemaMigrator(ILogger<SchemaMigrator>? logger = null)
{
    /// <summary>The table that records applied files.</summary>
    public const string HistoryTable = "aloe_schema_migrations";

    // Any constant works as long as every migrator uses the same one; this is "aloe_mig" as ASCII bytes.
    private const long AdvisoryLockKey = 0x616C6F655F6D6967;

    private readonly ILogger logger = logger ?? NullLogger<SchemaMigrator>.Instance;

    /// <summary>
    /// Creates the database if needed and applies every new or changed file of <paramref name="sqlFolder"/>
    /// in ordinal name order.
    /// </summary>
    /// <returns>The file names applied by this call (empty when the schema was already current).</returns>
    public async Task<IReadOnlyList<string>> MigrateAsync(
        string connectionString, string sqlFolder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlFolder);
        if (!Directory.Exists(sqlFolder))
        {
            throw new DirectoryNotFoundException($"SQL migrations folder not found: {sqlFolder}");
        }

        var files = Directory.GetFiles(sqlFolder, "*.sql")
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .ToList();

        await EnsureDatabaseAsync(connectionString, cancellationToken);

        // Pooling off: the advisory lock belongs to this session and must not outlive it inside a pool.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 300 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, $"""
                CREATE TABLE IF NOT EXISTS {HistoryTable} (
                    file_name  text        PRIMARY KEY,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);

            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var result = new List<string>();
            foreach (var path in files)
            {
                var name = Path.GetFileName(path);
                var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
                var checksum = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (applied.TryGetValue(name, out var known) && known == checksum)
                {
                    continue;
                }

                await ApplyFileAsync(connection, name, File.ReadAllText(path), checksum, cancellationToken);
                logger.LogInformation("Applied migration {File} ({Checksum})", name, checksum[..12]);
                result.Add(name);
            }

            return result;
        }
        finally
        {
            // Unlock even when cancelled; closing the unpooled connection would release it too.
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task ApplyFileAsync(
        NpgsqlConnection connection, string name, string sql, string checksum, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, sql, cancellationToken);
        }
        catch (PostgresException ex)
        {
            throw new InvalidOperationException($"Migration {name} failed: {ex.MessageText} (SQLSTATE {ex.SqlState})", ex);
        }

        await using (var record = new NpgsqlCommand($"""
            INSERT INTO {HistoryTable} (file_name, checksum, applied_at) VALUES (@name, @checksum, now())
            ON CONFLICT (file_name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = EXCLUDED.applied_at
            """, connection, transaction))
        {
            record.Parameters.AddWithValue("name", name);
            record.Parameters.AddWithValue("checksum", checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand($"SELECT file_name, checksum FROM {HistoryTable}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }

        return applied;
    }

    /// <summary>Creates the target database through the server's <c>postgres</c> database when it is missing.</summary>
    private async Task EnsureDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database;
        if (string.IsNullOrEmpty(database) || database == "postgres")
        {
            return;
        }

        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection))
        {
            exists.Parameters.AddWithValue("name", database);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }
        }

        try
        {
            // CREATE DATABASE takes no parameters: quote the identifier ourselves.
            var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await ExecuteAsync(connection, null, $"CREATE DATABASE {quoted}", cancellationToken);
            logger.LogInformation("Created database {Database}", database);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another migrator created it between our check and our CREATE: that is the outcome we wanted.
        }
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
