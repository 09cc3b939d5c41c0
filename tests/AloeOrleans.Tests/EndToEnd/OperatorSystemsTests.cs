using System.Net;
using System.Text.Json.Nodes;
using AloeOrleans.Tests.Catalog;
using AloeOrleans.Tests.EndToEnd.Remote;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// The service host is the operator's (docs/security.md, "Who may register what"), through the real service: a tenant admin cannot
/// register a LOCAL system, cannot change or delete the operator's seeded ones, and a LOCAL row that did not come from
/// the operator (registered before the rule) is never used.
/// </summary>
[NeedsServers]
[Collection(EndToEndCollection.Name)]
public sealed class OperatorSystemsTests(SharedServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    private AloeServiceProcess Service => fixture.Service;

    [Fact]
    public async Task A_tenant_admin_cannot_register_a_local_fork_system()
    {
        using var admin = new CatalogAdminClient(Service, E2eCatalog.Tenant);
        var id = $"mine-{Guid.NewGuid():N}";
        var system = JsonNode.Parse($$"""
            { "id": "{{id}}", "type": "EXECUTION", "scheduler": "FORK", "login": { "protocol": "LOCAL" },
              "storage": { "protocol": "LOCAL", "rootDir": "systems/{{id}}" }, "workDir": "work" }
            """)!.AsObject();

        var response = await admin.PostAsync("systems/v2", system);

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Contains("login.protocol: LOCAL is refused through /systems/v2", response.Message, StringComparison.Ordinal);
        Assert.Contains("LOCAL systems come only from the operator's seed catalog files", response.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"systems/v2/{id}")).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("systems/local-storage")]
    public async Task A_tenant_admin_cannot_register_local_storage_whatever_its_root(string rootDir)
    {
        using var admin = new CatalogAdminClient(Service, E2eCatalog.Tenant);
        var id = $"mine-{Guid.NewGuid():N}";

        var response = await admin.PostAsync("systems/v2", CatalogBodies.LocalStorage(id, rootDir));

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.StartsWith("storage.protocol: LOCAL is refused through /systems/v2", response.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"systems/v2/{id}")).Status);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("local-storage")]
    public async Task A_tenant_admin_cannot_update_or_delete_a_seeded_system(string id)
    {
        using var admin = new CatalogAdminClient(Service, E2eCatalog.Tenant);
        var replacement = id == "local" ? CatalogBodies.SshSlurmSystem(id) : CatalogBodies.Storage(id);

        var created = await admin.PostAsync("systems/v2", replacement);
        var updated = await admin.PostAsync($"systems/v2/{id}", replacement);
        var deleted = await admin.DeleteAsync($"systems/v2/{id}");

        foreach (var response in new[] { created, updated, deleted })
        {
            Assert.True(response.Status == HttpStatusCode.Forbidden, response.ToString());
            Assert.Contains($"System {id} is defined by the service operator", response.Message, StringComparison.Ordinal);
        }

        var kept = (await admin.GetAsync($"systems/v2/{id}")).Result;
        Assert.Equal("LOCAL", kept.GetProperty("storage").GetProperty("protocol").GetString());
        Assert.True(kept.GetProperty("operatorDefined").GetBoolean());
    }

    [Fact]
    public async Task A_local_system_registered_before_the_rule_is_never_used()
    {
        // As a tenant admin could register them before: an execution system running as the service on its whole data
        // folder, and a storage system rooted at the data folder. Written straight to the database.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var execution = $"rogue{suffix}";
        var storage = $"roguestore{suffix}";
        await InsertSystemAsync(execution, "EXECUTION", new JsonObject
        {
            ["id"] = execution,
            ["type"] = "EXECUTION",
            ["scheduler"] = "FORK",
            ["login"] = new JsonObject { ["protocol"] = "LOCAL" },
            ["storage"] = new JsonObject { ["protocol"] = "LOCAL", ["rootDir"] = "" },
            ["workDir"] = "rogue-work",
        });
        await InsertSystemAsync(storage, "STORAGE", new JsonObject
        {
            ["id"] = storage,
            ["type"] = "STORAGE",
            ["storage"] = new JsonObject { ["protocol"] = "LOCAL", ["rootDir"] = "" },
        });
        using var admin = new CatalogAdminClient(Service, E2eCatalog.Tenant);
        await admin.RegisterAppAsync(WcOn(execution));
        LocalLayout.WriteFile(Service, E2eCatalog.Tenant, "local-storage", "alice/e2e-rogue/in.txt", "one two\n");
        Directory.CreateDirectory(Path.Combine(Service.DataDir, "alice"));
        File.WriteAllText(Path.Combine(Service.DataDir, "alice", $"rogue-{suffix}.txt"), "one two\n");
        using var alice = Service.ClientFor(E2eCatalog.Tenant, "alice");

        var run = await alice.SubmitOkAsync(new
        {
            name = "rogue", appId = $"{execution}-1.0", archive = false, inputs = new { inputFile = "alice/e2e-rogue/in.txt" }, parameters = new { mode = "words" },
        });
        var read = await alice.SubmitOkAsync(new
        {
            name = "rogue-input", appId = "wc-1.0", archive = false, inputs = new { inputFile = $"agave://{storage}/alice/rogue-{suffix}.txt" },
            parameters = new { mode = "words" },
        });

        await AssertFailedNamingTheRuleAsync(alice, run, execution, "login");
        await AssertFailedNamingTheRuleAsync(alice, read, storage, "storage");
        Assert.False(Directory.Exists(Path.Combine(Service.DataDir, "rogue-work")), "a work dir was made in the service's data folder");
    }

    private static async Task AssertFailedNamingTheRuleAsync(JobsClient jobs, string id, string systemId, string what)
    {
        var final = await jobs.WaitForTerminalAsync(id, JobTimeout);
        var history = await jobs.DescribeHistoryAsync(id);
        Assert.True(final == "FAILED", $"job {id} ended {final}: {history}");
        var job = (await jobs.GetJobAsync(id)).Result;
        var message = job.GetProperty("lastStatusMessage").GetString();
        Assert.Contains($"System '{systemId}' uses LOCAL {what}", message, StringComparison.Ordinal);
        Assert.Contains("was not defined by the operator", message, StringComparison.Ordinal);
    }

    private async Task InsertSystemAsync(string id, string type, JsonObject definition)
    {
        await using var connection = new NpgsqlConnection(Service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO aloe_systems (tenant_id, id, type, is_default, definition) VALUES (@tenant, @id, @type, false, @definition::jsonb)", connection);
        command.Parameters.AddWithValue("tenant", E2eCatalog.Tenant);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("definition", definition.ToJsonString());
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>wc-1.0's definition on another execution system (its assets stay on local-storage).</summary>
    private static JsonObject WcOn(string executionSystem) => JsonNode.Parse($$"""
        {
          "name": "{{executionSystem}}", "version": "1.0", "executionSystem": "{{executionSystem}}", "deploymentSystem": "local-storage",
          "deploymentPath": "apps/wc-1.0", "templatePath": "wc.sh", "parallelism": "SERIAL", "defaultMaxRunTime": "00:10:00",
          "inputs": [ { "id": "inputFile", "value": { "required": true }, "semantics": { "minCardinality": 1, "maxCardinality": 1 } } ],
          "parameters": [ { "id": "mode", "value": { "type": "enumeration", "enumValues": ["lines", "words", "chars"], "default": "lines" } } ]
        }
        """)!.AsObject();
}
