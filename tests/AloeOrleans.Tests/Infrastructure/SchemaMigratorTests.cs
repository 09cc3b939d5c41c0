using AloeOrleans.Silo.Migrations;
using Xunit;

namespace AloeOrleans.Tests.Infrastructure;

[NeedsServers]
public sealed class SchemaMigratorTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static string[] AllFiles =>
        [.. Directory.GetFiles(PostgresDatabaseFixture.SqlFolder, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public void First_migration_applies_every_file_in_name_order()
    {
        Assert.Contains("0001_orleans.sql", AllFiles);
        Assert.Equal(AllFiles, database.AppliedFiles);
    }

    [Fact]
    public async Task Migrating_again_is_a_no_op_and_history_is_recorded_once_per_file()
    {
        var again = await new SchemaMigrator().MigrateAsync(
            database.ConnectionString, PostgresDatabaseFixture.SqlFolder, CancellationToken.None);

        Assert.Empty(again);
        Assert.Equal(AllFiles.Length, await database.ScalarAsync<int>(
            $"SELECT count(*) FROM {SchemaMigrator.HistoryTable} WHERE length(checksum) = 64"));
    }

    [Fact]
    public async Task Orleans_query_table_holds_every_key_the_providers_require()
    {
        string[] required =
        [
            "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
            "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
            "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
            "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
            "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
            "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];

        await using var connection = await database.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
        var present = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                present.Add(reader.GetString(0));
            }
        }

        Assert.Empty(required.Except(present));
    }

    [Fact]
    public async Task Two_concurrent_migrations_of_a_new_database_apply_each_file_exactly_once()
    {
        var name = PostgresDatabaseFixture.NewDatabaseName();
        var connectionString = PostgresDatabaseFixture.ConnectionStringFor(name);
        try
        {
            // Both also race to CREATE DATABASE, which the migrator must tolerate.
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
                new SchemaMigrator().MigrateAsync(connectionString, PostgresDatabaseFixture.SqlFolder, CancellationToken.None))));

            Assert.Equal(AllFiles, results.SelectMany(r => r).Order(StringComparer.Ordinal));
        }
        finally
        {
            await PostgresDatabaseFixture.DropDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task A_changed_file_is_applied_again_and_unchanged_files_are_skipped()
    {
        var name = PostgresDatabaseFixture.NewDatabaseName();
        var connectionString = PostgresDatabaseFixture.ConnectionStringFor(name);
        var folder = Directory.CreateTempSubdirectory("aloe-sql-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "0001_a.sql"), "CREATE TABLE IF NOT EXISTS a (id int);");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "0002_b.sql"), "CREATE TABLE IF NOT EXISTS b (id int);");
            var migrator = new SchemaMigrator();
            Assert.Equal(["0001_a.sql", "0002_b.sql"], await migrator.MigrateAsync(connectionString, folder.FullName, CancellationToken.None));

            await File.AppendAllTextAsync(Path.Combine(folder.FullName, "0002_b.sql"), "\nALTER TABLE b ADD COLUMN IF NOT EXISTS note text;");
            Assert.Equal(["0002_b.sql"], await migrator.MigrateAsync(connectionString, folder.FullName, CancellationToken.None));
            Assert.Empty(await migrator.MigrateAsync(connectionString, folder.FullName, CancellationToken.None));
        }
        finally
        {
            folder.Delete(recursive: true);
            await PostgresDatabaseFixture.DropDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task A_failing_file_rolls_back_and_is_not_recorded()
    {
        var name = PostgresDatabaseFixture.NewDatabaseName();
        var connectionString = PostgresDatabaseFixture.ConnectionStringFor(name);
        var folder = Directory.CreateTempSubdirectory("aloe-sql-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "0001_bad.sql"),
                "CREATE TABLE half_done (id int);\nSELECT no_such_function();");
            var migrator = new SchemaMigrator();

            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                migrator.MigrateAsync(connectionString, folder.FullName, CancellationToken.None));

            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                $"SELECT (SELECT count(*) FROM {SchemaMigrator.HistoryTable}) + (SELECT count(*) FROM pg_tables WHERE tablename = 'half_done')",
                connection);
            Assert.Equal(0L, await command.ExecuteScalarAsync());
        }
        finally
        {
            folder.Delete(recursive: true);
            await PostgresDatabaseFixture.DropDatabaseAsync(name);
        }
    }
}
