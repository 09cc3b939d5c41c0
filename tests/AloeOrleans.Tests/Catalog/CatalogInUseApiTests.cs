using System.Text.Json.Nodes;
using AloeOrleans.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.Catalog;

/// <summary>
/// Deleting an app or a system that active jobs use is 409 naming them, over HTTP against the real catalog and job
/// tables: which jobs count (active ones of the tenant), and for a system, each way a job uses one (execution system,
/// archive system, the source of inputs not staged yet). Each test uses its own tenant; job rows are written directly.
/// </summary>
[NeedsServers]
public sealed class CatalogInUseApiTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const string Admin = "root";

    [Fact]
    public async Task An_app_used_by_active_jobs_is_409_naming_the_oldest_and_counting_the_rest()
    {
        await using var host = await StartAsync("t-app-use");
        var token = host.Token("t-app-use", Admin);
        await RegisterAsync(host, token);
        var finished = await InsertJobAsync("t-app-use", "FINISHED", systemId: "hpc");
        var active = new List<Guid>();
        foreach (var status in new[] { "ACCEPTED", "PENDING", "STAGING_INPUTS", "RUNNING", "BLOCKED", "PAUSED", "ARCHIVING" })
        {
            active.Add(await InsertJobAsync("t-app-use", status, systemId: "hpc"));
        }

        await InsertJobAsync("t-other", "RUNNING", systemId: "hpc");

        var refused = await host.SendAsync(HttpMethod.Delete, "/apps/v2/wc-1.0", token);

        Assert.Equal(409, refused.Status);
        var message = (string?)refused.Body["message"];
        Assert.Contains($"App wc-1.0 is used by 7 active job(s) ({string.Join(", ", active.Take(5))} and 2 more)", message, StringComparison.Ordinal);
        Assert.DoesNotContain(finished.ToString(), message, StringComparison.Ordinal);

        await EndJobsAsync(active);
        Assert.Equal(200, (await host.SendAsync(HttpMethod.Delete, "/apps/v2/wc-1.0", token)).Status);
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Delete, "/apps/v2/wc-1.0", token)).Status);
    }

    [Fact]
    public async Task A_system_an_active_job_runs_on_is_409_even_when_no_app_names_it_any_more()
    {
        await using var host = await StartAsync("t-exec-use");
        var token = host.Token("t-exec-use", Admin);
        await RegisterAsync(host, token);
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/systems/v2", token, CatalogBodies.SshSlurmSystem("old-hpc"))).Status);
        var job = await InsertJobAsync("t-exec-use", "QUEUED", systemId: "old-hpc");

        var refused = await host.SendAsync(HttpMethod.Delete, "/systems/v2/old-hpc", token);

        Assert.Equal(409, refused.Status);
        Assert.Contains($"System old-hpc is used by 1 active job(s) ({job})", (string?)refused.Body["message"], StringComparison.Ordinal);
        await EndJobsAsync([job]);
        Assert.Equal(200, (await host.SendAsync(HttpMethod.Delete, "/systems/v2/old-hpc", token)).Status);
    }

    [Fact]
    public async Task A_system_an_active_job_archives_to_is_409_but_not_when_the_job_does_not_archive()
    {
        await using var host = await StartAsync("t-arch-use");
        var token = host.Token("t-arch-use", Admin);
        await RegisterAsync(host, token);
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/systems/v2", token, CatalogBodies.Storage("archive"))).Status);
        await InsertJobAsync("t-arch-use", "RUNNING", systemId: "hpc", archive: false, archiveSystem: "archive");
        var archiving = await InsertJobAsync("t-arch-use", "RUNNING", systemId: "hpc", archive: true, archiveSystem: "archive");

        var refused = await host.SendAsync(HttpMethod.Delete, "/systems/v2/archive", token);

        Assert.Equal(409, refused.Status);
        Assert.Contains($"System archive is used by 1 active job(s) ({archiving})", (string?)refused.Body["message"], StringComparison.Ordinal);
        await EndJobsAsync([archiving]);
        Assert.Equal(200, (await host.SendAsync(HttpMethod.Delete, "/systems/v2/archive", token)).Status);
    }

    public static TheoryData<string, string, bool, string> InputUses() => new()
    {
        // input, status of the job, whether the job still needs the system "inputs" for it, the app's deployment system
        { "agave://inputs/alice/in.txt", "PENDING", true, "store" },
        { "agave://inputs/alice/in.txt", "STAGING_INPUTS", true, "store" },
        { "agave://inputs/alice/in.txt", "RUNNING", false, "store" },
        { "agave://inputs-two/alice/in.txt", "PENDING", false, "store" },
        // A plain path lies on the app's storage system when it has one, else on the tenant's default storage system.
        { "alice/in.txt", "PROCESSING_INPUTS", false, "store" },
        { "alice/in.txt", "PROCESSING_INPUTS", true, "hpc" },
        { "sftp://files.example.org/data/inputs/alice/in.txt", "ACCEPTED", true, "store" },
        { "sftp://files.example.org/data/elsewhere/in.txt", "ACCEPTED", false, "store" },
        { "http://files.example.org/data/inputs/alice/in.txt", "PENDING", false, "store" },
    };

    [Theory]
    [MemberData(nameof(InputUses))]
    public async Task A_system_holding_inputs_a_job_has_yet_to_stage_is_409(string input, string status, bool used, string deployedOn)
    {
        var tenant = $"t-in-{Guid.NewGuid():N}"[..16];
        await using var host = await StartAsync(tenant);
        var token = host.Token(tenant, Admin);
        await RegisterAsync(host, token, deployedOn);
        var storage = CatalogBodies.Storage("inputs");
        storage["default"] = true;
        storage["storage"]!["rootDir"] = "/data/inputs";
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/systems/v2", token, storage)).Status);
        var job = await InsertJobAsync(tenant, status, systemId: "hpc", inputs: new JsonObject { ["inputFile"] = new JsonArray(input) });

        var answer = await host.SendAsync(HttpMethod.Delete, "/systems/v2/inputs", token);

        Assert.True(answer.Status == (used ? 409 : 200), $"{input} of a {status} job: {answer.Text}");
        if (used)
        {
            Assert.Contains($"System inputs is used by 1 active job(s) ({job})", (string?)answer.Body["message"], StringComparison.Ordinal);
        }
    }

    private async Task<CatalogApiHost> StartAsync(string tenant)
    {
        var host = await CatalogApiHost.StartAsync(database.ConnectionString);
        host.Admins.Admins.Add((tenant, Admin));
        return host;
    }

    private static async Task RegisterAsync(CatalogApiHost host, string adminToken, string deployedOn = "store")
    {
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/systems/v2", adminToken, CatalogBodies.SshSlurmSystem("hpc"))).Status);
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/systems/v2", adminToken, CatalogBodies.Storage("store"))).Status);
        var app = await host.SendAsync(HttpMethod.Post, "/apps/v2", adminToken, CatalogBodies.App(deploymentSystem: deployedOn));
        Assert.True(app.Status == 201, app.Text);
    }

    private async Task<Guid> InsertJobAsync(string tenant, string status, string systemId, bool archive = false, string archiveSystem = "store",
        JsonObject? inputs = null)
    {
        var uuid = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO aloe_jobs (uuid, name, tenant_id, tenant_queue, status, accepted, last_updated, owner, system_id, app_id, app_uuid, " +
            "archive, archive_system, node_count, processors_per_node, memory_per_node, max_hours, inputs, parameters, update_token, suspended_from) " +
            "VALUES ($1, 'in-use', $2, 'q', $3, now(), now(), 'alice', $4, 'wc-1.0', 'u', $5, $6, 1, 1, 1, 1, $7::jsonb, '{}', 't', $8)", connection)
        {
            Parameters =
            {
                new() { Value = uuid }, new() { Value = tenant }, new() { Value = status }, new() { Value = systemId }, new() { Value = archive },
                new() { Value = archiveSystem }, new() { Value = (inputs ?? []).ToJsonString() },
                new() { Value = status is "BLOCKED" or "PAUSED" ? "RUNNING" : DBNull.Value },
            },
        };
        await command.ExecuteNonQueryAsync();
        return uuid;
    }

    private async Task EndJobsAsync(IEnumerable<Guid> jobs)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE aloe_jobs SET status = 'STOPPED' WHERE uuid = ANY($1)", connection)
        {
            Parameters = { new() { Value = jobs.ToArray() } },
        };
        await command.ExecuteNonQueryAsync();
    }
}
