using System.Runtime.Versioning;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// The embedded PostgreSQL of <c>scripts/pg.sh</c> (here on a private data folder and port): every connection needs
/// the generated password, on TCP and on the unix socket; a data folder an earlier version initialised with trust is
/// upgraded in place when it starts.
/// </summary>
[NeedsServers]
[SupportedOSPlatform("linux")]
public sealed class EmbeddedPostgresTests
{
    private const string InvalidPassword = "28P01";

    // What scripts/pg.sh did before password authentication: initdb with trust, then a database with data in it.
    private const string TrustInitialisedDataFolder = """
        set -euo pipefail
        bin="$(ls -d /usr/lib/postgresql/*/bin | sort -t/ -k5,5n | tail -n 1)"
        pgdata="$ALOE_DATA_DIR/pg"
        as_postgres() { if [[ "$(id -u)" -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
        mkdir -p "$pgdata"
        if [[ "$(id -u)" -eq 0 ]]; then chown postgres:postgres "$pgdata"; fi
        chmod 700 "$pgdata"
        as_postgres "$bin/initdb" -D "$pgdata" -U postgres -E UTF8 --locale=C --auth-local=trust --auth-host=trust >/dev/null
        printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\n" "$ALOE_PG_PORT" "$pgdata" \
          | as_postgres tee -a "$pgdata/postgresql.conf" >/dev/null
        as_postgres "$bin/pg_ctl" start -w -D "$pgdata" -l "$pgdata/server.log" >/dev/null
        "$bin/psql" -X -q -h 127.0.0.1 -p "$ALOE_PG_PORT" -U postgres -d postgres -c "CREATE DATABASE made_before_the_upgrade"
        as_postgres "$bin/pg_ctl" stop -w -D "$pgdata" -m fast >/dev/null
        """;

    [Fact]
    public async Task Connections_need_the_generated_password_which_is_kept_owner_only()
    {
        await using var server = await PrivatePostgres.StartAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.PasswordFile));
        Assert.True(server.Password.Length >= 32, "the generated password is too short");
        Assert.Equal(1, await SelectOneAsync(server.AdminConnectionString));

        var socketFolder = Path.Combine(server.DataDir, "pg");
        foreach (var host in new[] { "127.0.0.1", socketFolder })
        {
            var withoutPassword = await Assert.ThrowsAnyAsync<Exception>(() => SelectOneAsync(ConnectionTo(server, host, password: null)));
            Assert.True(withoutPassword is NpgsqlException, $"{host} without a password: {withoutPassword}");
            var wrong = await Assert.ThrowsAsync<PostgresException>(() => SelectOneAsync(ConnectionTo(server, host, "not-the-password")));
            Assert.Equal(InvalidPassword, wrong.SqlState);
        }

        Assert.Equal(1, await SelectOneAsync(ConnectionTo(server, socketFolder, server.Password)));
    }

    [Fact]
    public async Task A_data_folder_initialised_with_trust_is_upgraded_in_place_to_password_authentication()
    {
        await using var server = await PrivatePostgres.StartAfterAsync(TrustInitialisedDataFolder);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.PasswordFile));
        await using (var connection = new NpgsqlConnection(server.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = 'made_before_the_upgrade'", connection);
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }

        var withoutPassword = await Assert.ThrowsAnyAsync<Exception>(() => SelectOneAsync(ConnectionTo(server, "127.0.0.1", password: null)));
        Assert.True(withoutPassword is NpgsqlException, $"without a password: {withoutPassword}");
        var hba = await File.ReadAllLinesAsync(Path.Combine(server.DataDir, "pg", "pg_hba.conf"));
        Assert.DoesNotContain(hba, line => !line.TrimStart().StartsWith('#') && line.TrimEnd().EndsWith("trust", StringComparison.Ordinal));
    }

    private static string ConnectionTo(PrivatePostgres server, string host, string? password) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = server.Port,
            Username = "postgres",
            Password = password,
            Database = "postgres",
            Timeout = 5,
            Pooling = false,
            // No ~/.pgpass or PGPASSWORD may stand in for the password under test.
            Passfile = "/dev/null",
        }.ConnectionString;

    private static async Task<int> SelectOneAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
