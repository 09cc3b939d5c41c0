using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Xunit;

namespace AloeOrleans.Tests.Infrastructure;

/// <summary>A real silo against the migrated schema: clustering, grain storage and reminders through PostgreSQL.</summary>
[NeedsServers]
public sealed class OrleansAdoNetTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task Silo_starts_on_the_migrated_schema_and_marks_itself_dead_when_stopped()
    {
        string clusterId;
        await using (var silo = await AdoNetTestSilo.StartAsync(database.ConnectionString))
        {
            clusterId = silo.ClusterId;
            Assert.Equal(1, await CountMembersAsync(clusterId, Active));
        }

        Assert.Equal(0, await CountMembersAsync(clusterId, Active));
        Assert.Equal(1, await CountMembersAsync(clusterId, Dead));
    }

    [Fact]
    public async Task Defunct_silo_cleanup_removes_dead_rows_and_keeps_live_ones()
    {
        string clusterId;
        await using (var first = await AdoNetTestSilo.StartAsync(database.ConnectionString))
        {
            clusterId = first.ClusterId;
        }

        await using var second = await AdoNetTestSilo.StartAsync(database.ConnectionString, clusterId);
        Assert.Equal(1, await CountMembersAsync(clusterId, Dead));

        // Runs CleanupDefunctSiloEntryKey with the values the provider read back, exactly as Orleans does.
        var table = second.Services.GetRequiredService<IMembershipTable>();
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddSeconds(1));

        Assert.Equal(0, await CountMembersAsync(clusterId, Dead));
        Assert.Equal(1, await CountMembersAsync(clusterId, Active));
    }

    [Fact]
    public async Task A_client_finds_the_silo_through_the_membership_table_and_calls_a_grain()
    {
        await using var silo = await AdoNetTestSilo.StartAsync(database.ConnectionString);
        await using var client = await AdoNetTestClient.ConnectAsync(database.ConnectionString, silo.ClusterId);
        var key = $"client-{Guid.NewGuid():N}"[..20];

        var grain = client.Client.GetGrain<IStorageProbeGrain>(key);
        await grain.Write(new ProbeState { Count = 11 });

        Assert.Equal(11, (await grain.Read()).State.Count);
    }

    [Fact]
    public async Task Default_values_written_over_non_defaults_come_back_unchanged_after_deactivation_and_restart()
    {
        var key = $"defaults-{Guid.NewGuid():N}"[..20];
        var defaults = new ProbeState { Count = 0, Flag = false, Text = "", Note = null, Big = 0, When = null, Items = [] };

        await using (var silo = await AdoNetTestSilo.StartAsync(database.ConnectionString))
        {
            var grain = silo.GrainFactory.GetGrain<IStorageProbeGrain>(key);
            await grain.Write(new ProbeState { Count = 4, Flag = true, Text = "x", Note = "n", Big = 9, Items = ["a"] });
            await grain.Write(defaults);
            await grain.Deactivate();

            // The next call activates the grain again, which reads the row back from PostgreSQL.
            AssertSameState(defaults, (await grain.Read()).State);
        }

        await using (var silo = await AdoNetTestSilo.StartAsync(database.ConnectionString))
        {
            var reading = await silo.GrainFactory.GetGrain<IStorageProbeGrain>(key).Read();
            Assert.True(reading.RecordExists);
            Assert.Equal("2", reading.ETag);
            AssertSameState(defaults, reading.State);
        }

        Assert.Equal(1, await CountStorageRowsAsync(key));
    }

    [Fact]
    public async Task Non_default_values_round_trip_through_postgres()
    {
        var key = $"values-{Guid.NewGuid():N}"[..20];
        var stored = new ProbeState
        {
            Count = int.MinValue,
            Flag = true,
            Text = "naïve ✓ 'quoted' \"double\"",
            Note = "note",
            Big = long.MaxValue,
            When = new DateTimeOffset(2026, 11, 28, 8, 30, 0, TimeSpan.FromHours(-6)),
            Items = ["a", "", "c"],
        };

        await using (var silo = await AdoNetTestSilo.StartAsync(database.ConnectionString))
        {
            var grain = silo.GrainFactory.GetGrain<IStorageProbeGrain>(key);
            Assert.False((await grain.Read()).RecordExists);
            await grain.Write(stored);
        }

        await using (var silo = await AdoNetTestSilo.StartAsync(database.ConnectionString))
        {
            var reading = await silo.GrainFactory.GetGrain<IStorageProbeGrain>(key).Read();
            Assert.Equal("1", reading.ETag);
            AssertSameState(stored, reading.State);
        }
    }

    [Fact]
    public async Task Cleared_state_reads_back_as_a_new_instance_and_can_be_written_again()
    {
        var key = $"clear-{Guid.NewGuid():N}"[..20];
        await using (var silo = await AdoNetTestSilo.StartAsync(database.ConnectionString))
        {
            var grain = silo.GrainFactory.GetGrain<IStorageProbeGrain>(key);
            await grain.Write(new ProbeState { Count = 1 });
            await grain.Clear();
        }

        await using (var silo = await AdoNetTestSilo.StartAsync(database.ConnectionString))
        {
            var grain = silo.GrainFactory.GetGrain<IStorageProbeGrain>(key);
            var reading = await grain.Read();
            Assert.Equal("2", reading.ETag);
            AssertSameState(new ProbeState(), reading.State);

            await grain.Write(new ProbeState { Count = 5 });
            await grain.Deactivate();
            Assert.Equal(5, (await grain.Read()).State.Count);
        }

        Assert.Equal(1, await CountStorageRowsAsync(key));
    }

    [Fact]
    public async Task Clearing_with_delete_on_clear_removes_the_row_and_a_later_first_write_succeeds()
    {
        var key = $"del-{Guid.NewGuid():N}"[..20];
        var grainId = GrainId.Create("test-storage-probe", key);
        await using var silo = await AdoNetTestSilo.StartAsync(database.ConnectionString);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(AdoNetTestSilo.DeleteOnClearStorage);

        var state = new GrainState<ProbeState>(new ProbeState { Count = 3 });
        await storage.WriteStateAsync("test-storage-probe", grainId, state);
        Assert.Equal(1, await CountStorageRowsAsync(key));

        await storage.ClearStateAsync("test-storage-probe", grainId, state);
        Assert.Equal(0, await CountStorageRowsAsync(key));

        var fresh = new GrainState<ProbeState>();
        await storage.ReadStateAsync("test-storage-probe", grainId, fresh);
        Assert.False(fresh.RecordExists);

        state.State = new ProbeState { Count = 8 };
        await storage.WriteStateAsync("test-storage-probe", grainId, state);
        await storage.ReadStateAsync("test-storage-probe", grainId, fresh);
        Assert.Equal(8, fresh.State!.Count);
        Assert.Equal(1, await CountStorageRowsAsync(key));
    }

    [Fact]
    public async Task Reminder_is_stored_read_back_updated_in_place_and_removed()
    {
        var key = $"r-{Guid.NewGuid():N}"[..12];
        await using var silo = await AdoNetTestSilo.StartAsync(database.ConnectionString);
        var grain = silo.GrainFactory.GetGrain<IReminderProbeGrain>(key);

        await grain.Register("tick", TimeSpan.FromMinutes(5));
        Assert.Equal(1, await CountRemindersAsync(key, "tick"));
        Assert.Equal(["tick"], await grain.Names());
        Assert.Equal(300_000L, await database.ScalarAsync<long>(
            "SELECT Period FROM OrleansRemindersTable WHERE ServiceId = @s AND GrainId LIKE @g",
            ("s", AdoNetTestSilo.ServiceId), ("g", $"test-reminder-probe/{key}")));

        await grain.Register("tick", TimeSpan.FromMinutes(10));
        Assert.Equal(1, await CountRemindersAsync(key, "tick"));
        Assert.Equal(600_000L, await database.ScalarAsync<long>(
            "SELECT Period FROM OrleansRemindersTable WHERE ServiceId = @s AND GrainId LIKE @g",
            ("s", AdoNetTestSilo.ServiceId), ("g", $"test-reminder-probe/{key}")));

        await grain.Unregister("tick");
        Assert.Equal(0, await CountRemindersAsync(key, "tick"));
        Assert.Empty(await grain.Names());
    }

    private static void AssertSameState(ProbeState expected, ProbeState actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Flag, actual.Flag);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Note, actual.Note);
        Assert.Equal(expected.Big, actual.Big);
        Assert.Equal(expected.When, actual.When);
        Assert.Equal(expected.When?.Offset, actual.When?.Offset);
        Assert.Equal(expected.Items, actual.Items);
    }

    private Task<int> CountMembersAsync(string clusterId, int status) => database.ScalarAsync<int>(
        "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @c AND Status = @s",
        ("c", clusterId), ("s", status));

    private Task<int> CountStorageRowsAsync(string key) => database.ScalarAsync<int>(
        "SELECT count(*) FROM OrleansStorage WHERE ServiceId = @s AND GrainIdExtensionString = @k",
        ("s", AdoNetTestSilo.ServiceId), ("k", key));

    private Task<int> CountRemindersAsync(string key, string name) => database.ScalarAsync<int>(
        "SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId = @s AND GrainId = @g AND ReminderName = @n",
        ("s", AdoNetTestSilo.ServiceId), ("g", $"test-reminder-probe/{key}"), ("n", name));
}
