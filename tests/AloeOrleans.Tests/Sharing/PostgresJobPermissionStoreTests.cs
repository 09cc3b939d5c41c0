using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Sharing;
using AloeOrleans.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.Sharing;

/// <summary>
/// <see cref="PostgresJobPermissionStore"/> and the list scope of <see cref="PostgresJobQueries"/> against PostgreSQL:
/// a change and its history line are written together or not at all, a grant stays in its job's tenant, and a
/// non-admin's list reads the grants through their index.
/// </summary>
[NeedsServers]
public sealed class PostgresJobPermissionStoreTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(database.ConnectionString);

    private const string PermissionRevoke = "PERMISSION_REVOKE";

    private PostgresJobPermissionStore Store => new(dataSource, TimeProvider.System);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => dataSource.DisposeAsync().AsTask();

    [Fact]
    public async Task A_grant_and_its_history_line_are_written_together_and_an_unchanged_grant_writes_nothing()
    {
        var job = await InsertJobAsync("dev", "alice", "RUNNING");
        var ct = CancellationToken.None;

        var first = await Store.GrantAsync(job, "dev", "bob", JobPermission.ReadOnly, "alice", Line("READ to bob"), ct);
        var same = await Store.GrantAsync(job, "dev", "bob", JobPermission.ReadOnly, "alice", Line("READ to bob again"), ct);
        var raised = await Store.GrantAsync(job, "dev", "bob", JobPermission.ReadWrite, "root", Line("READ_WRITE to bob"), ct);

        Assert.Equal([PermissionChange.Changed, PermissionChange.Unchanged, PermissionChange.Changed], [first, same, raised]);
        var grant = await Store.FindAsync(job, "dev", "bob", ct);
        Assert.NotNull(grant);
        Assert.Equal(("dev", "bob", JobPermission.ReadWrite, "root"), (grant.TenantId, grant.Username, grant.Permission, grant.GrantedBy));
        Assert.Equal([("PERMISSION_GRANT", "RUNNING", "READ to bob"), ("PERMISSION_GRANT", "RUNNING", "READ_WRITE to bob")], await HistoryAsync(job));
    }

    [Fact]
    public async Task A_revoke_writes_its_line_only_when_there_was_something_to_revoke()
    {
        var job = await InsertJobAsync("dev", "alice", "FINISHED");
        var ct = CancellationToken.None;
        await Store.GrantAsync(job, "dev", "bob", JobPermission.ReadOnly, "alice", Line("to bob"), ct);
        await Store.GrantAsync(job, "dev", "carol", JobPermission.ReadWrite, "alice", Line("to carol"), ct);

        var bob = await Store.RevokeAsync(job, "dev", "bob", new JobEventWrite(PermissionRevoke, "bob revoked", "alice"), ct);
        var bobAgain = await Store.RevokeAsync(job, "dev", "bob", new JobEventWrite(PermissionRevoke, "bob revoked again", "alice"), ct);
        var listed = await Store.ListAsync(job, "dev", 10, 0, ct);
        var all = await Store.RevokeAllAsync(job, "dev", new JobEventWrite(PermissionRevoke, "all revoked", "alice"), ct);
        var allAgain = await Store.RevokeAllAsync(job, "dev", new JobEventWrite(PermissionRevoke, "all revoked again", "alice"), ct);

        Assert.Equal([PermissionChange.Changed, PermissionChange.Unchanged, PermissionChange.Changed, PermissionChange.Unchanged], [bob, bobAgain, all, allAgain]);
        Assert.Equal(["carol"], listed.Select(grant => grant.Username));
        Assert.Empty(await Store.ListAsync(job, "dev", 10, 0, ct));
        Assert.Equal(["to bob", "to carol", "bob revoked", "all revoked"], (await HistoryAsync(job)).Select(line => line.Description));
    }

    [Fact]
    public async Task Nothing_is_written_for_a_job_of_another_tenant_or_no_job()
    {
        var job = await InsertJobAsync("dev", "alice", "RUNNING");
        var ct = CancellationToken.None;

        var otherTenant = await Store.GrantAsync(job, "other", "bob", JobPermission.ReadOnly, "alice", Line("cross-tenant"), ct);
        var noJob = await Store.GrantAsync(Guid.NewGuid(), "dev", "bob", JobPermission.ReadOnly, "alice", Line("no job"), ct);
        var revokeOther = await Store.RevokeAllAsync(job, "other", Line("cross-tenant revoke"), ct);

        Assert.Equal([PermissionChange.JobMissing, PermissionChange.JobMissing, PermissionChange.JobMissing], [otherTenant, noJob, revokeOther]);
        Assert.Null(await Store.FindAsync(job, "dev", "bob", ct));
        Assert.Null(await Store.FindAsync(job, "other", "bob", ct));
        Assert.Empty(await HistoryAsync(job));
    }

    [Fact]
    public async Task When_the_history_line_cannot_be_written_the_grant_is_not_stored_either()
    {
        var job = await InsertJobAsync("dev", "alice", "RUNNING");
        // A trigger refuses this one history line, standing in for any failure of the event insert.
        await ExecuteAsync("""
            CREATE OR REPLACE FUNCTION refuse_poisoned_event() RETURNS trigger AS $$
            BEGIN
              IF NEW.description = 'poison' THEN RAISE EXCEPTION 'refused by the test'; END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS refuse_poisoned_event ON aloe_job_events;
            CREATE TRIGGER refuse_poisoned_event BEFORE INSERT ON aloe_job_events FOR EACH ROW EXECUTE FUNCTION refuse_poisoned_event();
            """);

        await Assert.ThrowsAsync<PostgresException>(() =>
            Store.GrantAsync(job, "dev", "bob", JobPermission.ReadOnly, "alice", Line("poison"), CancellationToken.None));

        Assert.Null(await Store.FindAsync(job, "dev", "bob", CancellationToken.None));
        Assert.Empty(await HistoryAsync(job));
    }

    [Fact]
    public async Task A_non_admins_list_holds_their_jobs_and_those_shared_with_them_in_their_tenant_only()
    {
        var ct = CancellationToken.None;
        var tenant = $"t{Guid.NewGuid():N}"[..20];
        var bobs = await InsertJobAsync(tenant, "bob", "RUNNING");
        var sharedRead = await InsertJobAsync(tenant, "alice", "FINISHED");
        var sharedWrite = await InsertJobAsync(tenant, "carol", "RUNNING");
        var notShared = await InsertJobAsync(tenant, "alice", "RUNNING");
        var sharedButHidden = await InsertJobAsync(tenant, "alice", "RUNNING", visible: false);
        var sharedWithOtherBob = await InsertJobAsync("other-" + tenant, "alice", "RUNNING");
        await Store.GrantAsync(sharedRead, tenant, "bob", JobPermission.ReadOnly, "alice", Line("r"), ct);
        await Store.GrantAsync(sharedWrite, tenant, "bob", JobPermission.ReadWrite, "carol", Line("w"), ct);
        await Store.GrantAsync(sharedButHidden, tenant, "bob", JobPermission.ReadOnly, "alice", Line("h"), ct);
        await Store.GrantAsync(sharedWithOtherBob, "other-" + tenant, "bob", JobPermission.ReadOnly, "alice", Line("o"), ct);
        await Store.GrantAsync(notShared, tenant, "dave", JobPermission.ReadOnly, "alice", Line("d"), ct);
        var queries = new PostgresJobQueries(dataSource);

        var bobsList = await queries.ListAsync(new JobListQuery(tenant, "bob", 100, 0, "lastupdated", true), ct);
        var adminList = await queries.ListAsync(new JobListQuery(tenant, null, 100, 0, "lastupdated", true), ct);

        Assert.Equal(new[] { bobs, sharedRead, sharedWrite }.Order(), bobsList.Select(job => job.Uuid).Order());
        Assert.Equal(new[] { bobs, sharedRead, sharedWrite, notShared }.Order(), adminList.Select(job => job.Uuid).Order());
    }

    [Fact]
    public async Task The_list_scope_reads_grants_and_jobs_through_their_indexes()
    {
        var tenant = $"p{Guid.NewGuid():N}"[..20];
        // Enough rows (20,000 jobs of 200 owners, one in ten shared) that a plan without the indexes is the costlier one.
        await ExecuteAsync($$"""
            INSERT INTO aloe_jobs (uuid, name, tenant_id, tenant_queue, status, accepted, last_updated, owner, system_id, app_id,
                app_uuid, archive, node_count, processors_per_node, memory_per_node, max_hours, inputs, parameters, update_token)
            SELECT gen_random_uuid(), 'j', '{{tenant}}', 'q', 'FINISHED', now(), now() - i * interval '1 second', 'u' || (i % 200),
                's', 'a', 'x', false, 1, 1, 1, 1, '{}', '{}', 't'
            FROM generate_series(1, 20000) i;
            INSERT INTO aloe_job_permissions (job_uuid, username, tenant_id, can_read, can_write, granted_by, granted_at)
            SELECT uuid, 'u' || ((id * 7) % 200), tenant_id, true, false, owner, now() FROM aloe_jobs
            WHERE tenant_id = '{{tenant}}' AND id % 10 = 0 AND owner <> 'u' || ((id * 7) % 200);
            ANALYZE aloe_jobs; ANALYZE aloe_job_permissions;
            """);

        await using var command = dataSource.CreateCommand(
            "EXPLAIN SELECT id FROM aloe_jobs WHERE tenant_id = @tenant_id AND visible AND status <> 'ACCEPTED' AND " +
            PostgresJobQueries.OwnedOrSharedSql + " ORDER BY last_updated DESC NULLS LAST, id DESC LIMIT 100 OFFSET 0");
        command.Parameters.Add(new NpgsqlParameter<string>("tenant_id", tenant));
        command.Parameters.Add(new NpgsqlParameter<string>("owner", "u7"));
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join("\n", plan);
        Assert.Contains("ix_aloe_job_permissions_user", text, StringComparison.Ordinal);
        Assert.Contains("ix_aloe_jobs_owner_order", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", text, StringComparison.Ordinal);
    }

    private static JobEventWrite Line(string description) => new("PERMISSION_GRANT", description, "alice");

    private async Task<Guid> InsertJobAsync(string tenant, string owner, string status, bool visible = true)
    {
        var uuid = Guid.NewGuid();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO aloe_jobs (uuid, name, tenant_id, tenant_queue, status, accepted, last_updated, owner, system_id, app_id,
                app_uuid, archive, node_count, processors_per_node, memory_per_node, max_hours, inputs, parameters, update_token, visible)
            VALUES (@uuid, 'shared', @tenant, 'q', @status, now(), now(), @owner, 's', 'a', 'x', false, 1, 1, 1, 1, '{}', '{}', 't', @visible)
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid>("uuid", uuid));
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenant));
        command.Parameters.Add(new NpgsqlParameter<string>("status", status));
        command.Parameters.Add(new NpgsqlParameter<string>("owner", owner));
        command.Parameters.Add(new NpgsqlParameter<bool>("visible", visible));
        await command.ExecuteNonQueryAsync();
        return uuid;
    }

    private async Task<IReadOnlyList<(string Event, string Status, string Description)>> HistoryAsync(Guid job)
    {
        await using var command = dataSource.CreateCommand("SELECT event, status, description FROM aloe_job_events WHERE job_uuid = @uuid ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter<Guid>("uuid", job));
        var lines = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return lines;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
