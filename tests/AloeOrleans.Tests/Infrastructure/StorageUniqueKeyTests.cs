using Npgsql;
using NpgsqlTypes;
using Xunit;

namespace AloeOrleans.Tests.Infrastructure;

/// <summary>
/// The grain identity is unique in OrleansStorage: concurrent first writes of one grain (version NULL) leave one
/// row, exactly one writer wins, and the losers get the "no new version" answer Orleans turns into a conflict.
/// Runs the stored WriteToStorageKey query text itself, with the parameters the provider binds.
/// </summary>
[NeedsServers]
public sealed class StorageUniqueKeyTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Theory]
    [InlineData("ext-key")]
    [InlineData(null)]
    public async Task Concurrent_first_writes_of_one_grain_create_one_row_and_one_winner(string? extension)
    {
        var writeQuery = await database.ScalarAsync<string>(
            "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'");
        var n0 = Random.Shared.NextInt64();

        using var start = new SemaphoreSlim(0);
        var writers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await using var connection = await database.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(writeQuery, connection);
            AddIdentity(command, n0, extension);
            command.Parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlDbType.Integer) { Value = DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("PayloadBinary", NpgsqlDbType.Bytea) { Value = new[] { (byte)i } });
            await command.PrepareAsync();
            await start.WaitAsync();
            var result = await command.ExecuteScalarAsync();
            return result is DBNull or null ? (int?)null : Convert.ToInt32(result, System.Globalization.CultureInfo.InvariantCulture);
        })).ToList();
        start.Release(writers.Count);
        var versions = await Task.WhenAll(writers);

        Assert.Single(versions, v => v == 1);
        Assert.Equal(versions.Length - 1, versions.Count(v => v is null));
        Assert.Equal(1, await database.ScalarAsync<int>(
            "SELECT count(*) FROM OrleansStorage WHERE GrainIdN0 = @n0", ("n0", n0)));
    }

    [Fact]
    public async Task A_second_row_for_the_same_grain_is_rejected_by_the_unique_key()
    {
        var n0 = Random.Shared.NextInt64();
        const string insert = """
            INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
                                        GrainIdExtensionString, ServiceId, PayloadBinary, Version)
            VALUES (@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                    @GrainIdExtensionString, @ServiceId, NULL, 1)
            """;
        await using var connection = await database.OpenConnectionAsync();
        await using (var first = new NpgsqlCommand(insert, connection))
        {
            AddIdentity(first, n0, null);
            await first.ExecuteNonQueryAsync();
        }

        await using var second = new NpgsqlCommand(insert, connection);
        AddIdentity(second, n0, null);
        var error = await Assert.ThrowsAsync<PostgresException>(() => second.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
    }

    private static void AddIdentity(NpgsqlCommand command, long n0, string? extension)
    {
        command.Parameters.Add(new NpgsqlParameter("GrainIdHash", NpgsqlDbType.Integer) { Value = 42 });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN0", NpgsqlDbType.Bigint) { Value = n0 });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN1", NpgsqlDbType.Bigint) { Value = 0L });
        command.Parameters.Add(new NpgsqlParameter("GrainTypeHash", NpgsqlDbType.Integer) { Value = 7 });
        command.Parameters.Add(new NpgsqlParameter("GrainTypeString", NpgsqlDbType.Text) { Value = "test-storage-probe" });
        command.Parameters.Add(new NpgsqlParameter("GrainIdExtensionString", NpgsqlDbType.Text) { Value = (object?)extension ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("ServiceId", NpgsqlDbType.Text) { Value = "aloe-test-unique" });
    }
}
