using System.Text.Json.Nodes;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Catalog;

/// <summary>/systems/v2 and /apps/v2 over HTTP against the real PostgresCatalog; each test uses its own tenant.</summary>
[NeedsServers]
public sealed class CatalogApiTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const string Admin = "root";
    private const string User = "alice";

    [Fact]
    public async Task Admin_creates_updates_and_deletes_a_system()
    {
        await using var host = await StartAsync("t-crud");
        var token = host.Token("t-crud", Admin);

        var created = await host.SendAsync(HttpMethod.Post, "/systems/v2", token, CatalogBodies.SshSlurmSystem());
        Assert.Equal(201, created.Status);
        Assert.Equal("success", (string?)created.Body["status"]);
        Assert.EndsWith("/systems/v2/hpc", created.Response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("SLURM", (string?)created.Body["result"]!["scheduler"]);
        Assert.EndsWith("/systems/v2/hpc", (string?)created.Body["result"]!["_links"]!["self"]!["href"], StringComparison.Ordinal);

        var replaced = await host.SendAsync(HttpMethod.Post, "/systems/v2", token, CatalogBodies.SshSlurmSystem());
        Assert.Equal(200, replaced.Status);

        var update = CatalogBodies.SshSlurmSystem();
        update.Remove("id");
        update["name"] = "Renamed";
        var updated = await host.SendAsync(HttpMethod.Post, "/systems/v2/hpc", token, update);
        Assert.Equal(200, updated.Status);
        Assert.Equal("Renamed", (string?)(await host.SendAsync(HttpMethod.Get, "/systems/v2/hpc", token)).Body["result"]!["name"]);

        var updateMissing = await host.SendAsync(HttpMethod.Post, "/systems/v2/nope", token, update);
        Assert.Equal(404, updateMissing.Status);

        var deleted = await host.SendAsync(HttpMethod.Delete, "/systems/v2/hpc", token);
        Assert.Equal(200, deleted.Status);
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Get, "/systems/v2/hpc", token)).Status);
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Delete, "/systems/v2/hpc", token)).Status);
    }

    [Fact]
    public async Task Users_list_and_read_but_may_not_write()
    {
        await using var host = await StartAsync("t-user");
        var admin = host.Token("t-user", Admin);
        var user = host.Token("t-user", User);
        await RegisterAllAsync(host, admin);

        var systems = await host.SendAsync(HttpMethod.Get, "/systems/v2", user);
        Assert.Equal(200, systems.Status);
        Assert.Equal(["hpc", "store"], systems.Body["result"]!.AsArray().Select(item => (string?)item!["id"]));
        Assert.Equal("EXECUTION", (string?)systems.Body["result"]![0]!["type"]);
        Assert.NotNull(systems.Body["result"]![0]!["_links"]!["self"]!["href"]);

        var apps = await host.SendAsync(HttpMethod.Get, "/apps/v2/", user);
        Assert.Equal(200, apps.Status);
        var item = apps.Body["result"]![0]!;
        Assert.Equal("wc-1.0", (string?)item["id"]);
        Assert.Equal("hpc", (string?)item["executionSystem"]);
        Assert.True(Guid.TryParse((string?)item["uuid"], out _));

        var app = await host.SendAsync(HttpMethod.Get, "/apps/v2/wc-1.0", user);
        Assert.Equal(200, app.Status);
        Assert.Equal("normal", (string?)app.Body["result"]!["defaultQueue"]);

        foreach (var (method, path, body) in new (HttpMethod, string, JsonNode?)[]
        {
            (HttpMethod.Post, "/systems/v2", CatalogBodies.Storage("mine")),
            (HttpMethod.Post, "/systems/v2/store", CatalogBodies.Storage("store")),
            (HttpMethod.Delete, "/systems/v2/store", null),
            (HttpMethod.Post, "/apps/v2", CatalogBodies.App()),
            (HttpMethod.Delete, "/apps/v2/wc-1.0", null),
        })
        {
            var refused = await host.SendAsync(method, path, user, body);
            Assert.Equal(403, refused.Status);
            Assert.Contains("Only administrators of tenant t-user may create, update or delete", (string?)refused.Body["message"], StringComparison.Ordinal);
        }

        Assert.Equal(404, (await host.SendAsync(HttpMethod.Get, "/systems/v2/mine", admin)).Status);
    }

    [Fact]
    public async Task Admins_listed_in_the_tenant_admin_table_may_write()
    {
        await using var host = await StartAsync("t-table");
        host.Admins.Admins.Add(("t-table", "bob"));

        var created = await host.SendAsync(HttpMethod.Post, "/systems/v2", host.Token("t-table", "bob"), CatalogBodies.Storage());

        Assert.Equal(201, created.Status);
    }

    [Fact]
    public async Task Another_tenant_sees_nothing_and_cannot_delete()
    {
        await using var host = await StartAsync("t-a");
        await RegisterAllAsync(host, host.Token("t-a", Admin));
        host.Admins.Admins.Add(("t-b", Admin));
        var otherAdmin = host.Token("t-b", Admin);

        Assert.Equal(404, (await host.SendAsync(HttpMethod.Get, "/systems/v2/hpc", otherAdmin)).Status);
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Get, "/apps/v2/wc-1.0", otherAdmin)).Status);
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Delete, "/apps/v2/wc-1.0", otherAdmin)).Status);
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Delete, "/systems/v2/store", otherAdmin)).Status);
        Assert.Empty((await host.SendAsync(HttpMethod.Get, "/systems/v2", otherAdmin)).Body["result"]!.AsArray());
        var update = await host.SendAsync(HttpMethod.Post, "/systems/v2/store", otherAdmin, CatalogBodies.Storage("store"));
        Assert.Equal(404, update.Status);

        // An app of tenant b cannot name tenant a's systems.
        var app = await host.SendAsync(HttpMethod.Post, "/apps/v2", otherAdmin, CatalogBodies.App());
        Assert.Equal(400, app.Status);
        Assert.Contains("executionSystem: no system \"hpc\" exists in your tenant", (string?)app.Body["message"], StringComparison.Ordinal);
        Assert.NotNull(await host.Catalog.FindSystemAsync("t-a", "store"));
    }

    [Fact]
    public async Task Bad_definitions_are_400_naming_field_and_rule()
    {
        await using var host = await StartAsync("t-bad");
        var token = host.Token("t-bad", Admin);

        var negative = CatalogBodies.SshSlurmSystem();
        negative["queues"]![0]!["maxJobs"] = -1;
        var r1 = await host.SendAsync(HttpMethod.Post, "/systems/v2", token, negative);
        Assert.Equal(400, r1.Status);
        Assert.Equal("error", (string?)r1.Body["status"]);
        Assert.Contains("queues[0].maxJobs: is -1; Aloe rejects negative limits; omit the field for no limit", (string?)r1.Body["message"], StringComparison.Ordinal);

        var scheduler = CatalogBodies.SshSlurmSystem();
        scheduler["scheduler"] = "PBS";
        var r2 = await host.SendAsync(HttpMethod.Post, "/systems/v2", token, scheduler);
        Assert.Equal(400, r2.Status);
        Assert.Contains("scheduler: \"PBS\" is not supported by Aloe; use one of FORK, SLURM", (string?)r2.Body["message"], StringComparison.Ordinal);

        var notJson = await host.SendAsync(HttpMethod.Post, "/systems/v2", token, CatalogBodies.Storage(), "text/plain");
        Assert.Equal(415, notJson.Status);

        await host.SendAsync(HttpMethod.Post, "/systems/v2", token, CatalogBodies.Storage("store"));
        var missing = await host.SendAsync(HttpMethod.Post, "/apps/v2", token, CatalogBodies.App(executionSystem: "hpc"));
        Assert.Equal(400, missing.Status);
        Assert.Contains("executionSystem: no system \"hpc\" exists in your tenant", (string?)missing.Body["message"], StringComparison.Ordinal);

        var storage = await host.SendAsync(HttpMethod.Post, "/apps/v2", token, CatalogBodies.App(executionSystem: "store"));
        Assert.Equal(400, storage.Status);
        Assert.Contains("executionSystem: \"store\" is a STORAGE system; an app runs on an EXECUTION system", (string?)storage.Body["message"], StringComparison.Ordinal);

        Assert.Empty((await host.SendAsync(HttpMethod.Get, "/apps/v2", token)).Body["result"]!.AsArray());
    }

    [Fact]
    public async Task Credentials_are_stored_encrypted_never_returned_and_decrypted_for_execution()
    {
        await using var host = await StartAsync("t-secret");
        var token = host.Token("t-secret", Admin);

        var created = await host.SendAsync(HttpMethod.Post, "/systems/v2", token, CatalogBodies.SshSlurmSystem());
        var one = await host.SendAsync(HttpMethod.Get, "/systems/v2/hpc", token);
        var full = await host.SendAsync(HttpMethod.Get, "/systems/v2?filter=id,login,storage", token);
        var pretty = await host.SendAsync(HttpMethod.Get, "/systems/v2/hpc?pretty=true&naked=true", token);

        foreach (var text in new[] { created.Text, one.Text, full.Text, pretty.Text })
        {
            AssertNoSecret(text);
        }

        var auth = one.Body["result"]!["login"]!["auth"]!.AsObject();
        Assert.Equal("aloe", (string?)auth["username"]);
        Assert.Equal("SSHKEYS", (string?)auth["type"]);
        Assert.False(auth.ContainsKey("privateKey"));
        Assert.Equal("PASSWORD", (string?)one.Body["result"]!["storage"]!["auth"]!["type"]);
        Assert.False(one.Body["result"]!["storage"]!["auth"]!.AsObject().ContainsKey("password"));
        Assert.Equal(CatalogBodies.Fingerprint, (string?)one.Body["result"]!["login"]!["hostKeyFingerprint"]);

        var definition = await database.ScalarAsync<string>(
            "SELECT definition::text FROM aloe_systems WHERE tenant_id = 't-secret' AND id = 'hpc'");
        AssertNoSecret(definition);
        Assert.Contains("\"username\": \"aloe\"", definition, StringComparison.Ordinal);
        var encrypted = await database.ScalarAsync<string>(
            "SELECT encode(auth_encrypted, 'escape') FROM aloe_systems WHERE tenant_id = 't-secret' AND id = 'hpc'");
        AssertNoSecret(encrypted);

        host.Catalog.Invalidate("t-secret");
        var forExecution = await host.Catalog.FindSystemAsync("t-secret", "hpc");
        Assert.Equal(CatalogBodies.PrivateKey, forExecution!.Login!.Auth!.PrivateKey);
        Assert.Equal(CatalogBodies.Password, forExecution.Storage.Auth!.Password);
    }

    [Fact]
    public async Task Deleting_a_system_an_app_uses_is_409_naming_the_apps()
    {
        await using var host = await StartAsync("t-used");
        var token = host.Token("t-used", Admin);
        await RegisterAllAsync(host, token);
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/apps/v2", token, CatalogBodies.App(version: "2.0"))).Status);

        var execution = await host.SendAsync(HttpMethod.Delete, "/systems/v2/hpc", token);
        Assert.Equal(409, execution.Status);
        Assert.Contains("System hpc is still used by app(s) wc-1.0, wc-2.0", (string?)execution.Body["message"], StringComparison.Ordinal);

        var deployment = await host.SendAsync(HttpMethod.Delete, "/systems/v2/store", token);
        Assert.Equal(409, deployment.Status);
        Assert.Contains("wc-1.0", (string?)deployment.Body["message"], StringComparison.Ordinal);

        var toStorage = CatalogBodies.SshSlurmSystem();
        toStorage["type"] = "STORAGE";
        toStorage.Remove("scheduler");
        var retype = await host.SendAsync(HttpMethod.Post, "/systems/v2/hpc", token, toStorage);
        Assert.Equal(409, retype.Status);
        Assert.Contains("app(s) wc-1.0, wc-2.0 run on it", (string?)retype.Body["message"], StringComparison.Ordinal);

        Assert.Equal(200, (await host.SendAsync(HttpMethod.Delete, "/apps/v2/wc-1.0", token)).Status);
        Assert.Equal(200, (await host.SendAsync(HttpMethod.Delete, "/apps/v2/wc-2.0", token)).Status);
        Assert.Equal(200, (await host.SendAsync(HttpMethod.Delete, "/systems/v2/hpc", token)).Status);
    }

    [Fact]
    public async Task The_operators_systems_are_not_a_tenant_admins_to_change_or_delete()
    {
        await using var host = await StartAsync("t-op");
        var token = host.Token("t-op", Admin);
        var local = CatalogBodyParser.ParseSystem(CatalogBodies.Bytes(CatalogBodies.LocalStorage("local-storage", "systems/local-storage"))).Value!;
        await host.Catalog.SeedSystemAsync("t-op", local with { Default = true }, CancellationToken.None);

        var shown = await host.SendAsync(HttpMethod.Get, "/systems/v2/local-storage", token);
        Assert.True((bool)shown.Body["result"]!["operatorDefined"]!);

        foreach (var (method, path, body) in new (HttpMethod, string, JsonNode?)[]
        {
            (HttpMethod.Post, "/systems/v2", CatalogBodies.Storage("local-storage")),
            (HttpMethod.Post, "/systems/v2/local-storage", CatalogBodies.Storage("local-storage")),
            (HttpMethod.Delete, "/systems/v2/local-storage", null),
        })
        {
            var refused = await host.SendAsync(method, path, token, body);
            Assert.Equal(403, refused.Status);
            Assert.Contains("System local-storage is defined by the service operator", (string?)refused.Body["message"], StringComparison.Ordinal);
        }

        var takeDefault = CatalogBodies.Storage("mine");
        takeDefault["default"] = true;
        var defaultRefused = await host.SendAsync(HttpMethod.Post, "/systems/v2", token, takeDefault);
        Assert.Equal(403, defaultRefused.Status);
        Assert.Contains("default: system local-storage, defined by the service operator", (string?)defaultRefused.Body["message"], StringComparison.Ordinal);
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Get, "/systems/v2/mine", token)).Status);

        var kept = (await host.Catalog.ReadAsync("t-op", CancellationToken.None)).Systems["local-storage"];
        Assert.Equal(("LOCAL", true, true), (kept.Storage.Protocol, kept.Default, kept.OperatorDefined));

        var own = await host.SendAsync(HttpMethod.Post, "/systems/v2", token, CatalogBodies.Storage("mine"));
        Assert.Equal(201, own.Status);
        Assert.False((bool)own.Body["result"]!["operatorDefined"]!);
    }

    [Fact]
    public async Task The_operator_takes_over_a_tenant_admins_system_with_its_id()
    {
        await using var host = await StartAsync("t-take");
        var token = host.Token("t-take", Admin);
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/systems/v2", token, CatalogBodies.Storage("shared"))).Status);

        var seeded = CatalogBodyParser.ParseSystem(CatalogBodies.Bytes(CatalogBodies.LocalStorage("shared", "systems/shared"))).Value!;
        Assert.False(await host.Catalog.SeedSystemAsync("t-take", seeded, CancellationToken.None));

        Assert.True((await host.Catalog.ReadAsync("t-take", CancellationToken.None)).Systems["shared"].OperatorDefined);
        Assert.Equal(403, (await host.SendAsync(HttpMethod.Delete, "/systems/v2/shared", token)).Status);
    }

    [Fact]
    public async Task App_uuid_is_assigned_once_and_kept_by_updates()
    {
        await using var host = await StartAsync("t-uuid");
        var token = host.Token("t-uuid", Admin);
        await RegisterAllAsync(host, token);
        var first = (string?)(await host.SendAsync(HttpMethod.Get, "/apps/v2/wc-1.0", token)).Body["result"]!["uuid"];

        var update = CatalogBodies.App();
        update["defaultMaxRunTime"] = "01:00:00";
        var updated = await host.SendAsync(HttpMethod.Post, "/apps/v2/wc-1.0", token, update);

        Assert.Equal(200, updated.Status);
        Assert.Equal(first, (string?)updated.Body["result"]!["uuid"]);
        Assert.Equal("01:00:00", (string?)updated.Body["result"]!["defaultMaxRunTime"]);
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Post, "/apps/v2/other-1.0", token, CatalogBodies.App(name: "other"))).Status);
        var mismatch = await host.SendAsync(HttpMethod.Post, "/apps/v2/other-1.0", token, update);
        Assert.Equal(400, mismatch.Status);
    }

    [Fact]
    public async Task Writes_invalidate_this_process_cache()
    {
        await using var host = await StartAsync("t-cache");
        var token = host.Token("t-cache", Admin);
        Assert.Null(await host.Catalog.FindSystemAsync("t-cache", "store"));

        await host.SendAsync(HttpMethod.Post, "/systems/v2", token, CatalogBodies.Storage("store"));
        Assert.NotNull(await host.Catalog.FindSystemAsync("t-cache", "store"));

        await host.SendAsync(HttpMethod.Delete, "/systems/v2/store", token);
        Assert.Null(await host.Catalog.FindSystemAsync("t-cache", "store"));
    }

    [Fact]
    public async Task Envelope_query_parameters_apply_as_for_jobs()
    {
        await using var host = await StartAsync("t-shape");
        var token = host.Token("t-shape", Admin);
        await RegisterAllAsync(host, token);

        var naked = await host.SendAsync(HttpMethod.Get, "/apps/v2/wc-1.0?naked=true", token);
        Assert.Equal("wc-1.0", (string?)naked.Body["id"]);

        var filtered = await host.SendAsync(HttpMethod.Get, "/systems/v2?filter=id,login.protocol", token);
        var hpc = filtered.Body["result"]![0]!.AsObject();
        Assert.Equal(["id", "login"], hpc.Select(property => property.Key));
        Assert.Equal("SSH", (string?)hpc["login"]!["protocol"]);

        var pretty = await host.SendAsync(HttpMethod.Get, "/systems/v2/store?pretty=true", token);
        Assert.Contains("\n", pretty.Text, StringComparison.Ordinal);

        var unauthenticated = await host.Client.GetAsync(new Uri("/systems/v2", UriKind.Relative));
        Assert.Equal(401, (int)unauthenticated.StatusCode);
    }

    [Theory]
    [InlineData("t-tmpl-1", "echo $(( ${count} + 1 ))")]
    [InlineData("t-tmpl-2", "(( ${count} > 1 )) && echo many")]
    [InlineData("t-tmpl-3", "let n=${count}")]
    [InlineData("t-tmpl-4", "lines=(a b c); echo ${lines[${count}]}")]
    [InlineData("t-tmpl-5", "[[ ${count} -gt 1 ]] && echo many")]
    public async Task An_app_whose_template_evaluates_a_placeholder_is_refused_naming_the_template_line(string tenant, string unsafeLine)
    {
        await using var host = await StartAsync(tenant);
        var token = host.Token(tenant, Admin);
        await RegisterAllAsync(host, token);
        host.Templates.Put("store:apps/wc-1.0/wc.sh", $"# counts\n{unsafeLine}\nwc -l < ${{inputFile}} > wc.txt\n");

        var refused = await host.SendAsync(HttpMethod.Post, "/apps/v2", token, CatalogBodies.App(version: "2.0"));

        Assert.Equal(400, refused.Status);
        var message = (string?)refused.Body["message"];
        Assert.StartsWith("templatePath: wc.sh line 2: ${count} is ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("${inputFile}", message, StringComparison.Ordinal);
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Get, "/apps/v2/wc-2.0", token)).Status);
        Assert.Equal("store:apps/wc-1.0/wc.sh", host.Templates.Reads.Last());
    }

    [Fact]
    public async Task An_update_to_an_unsafe_template_is_refused_and_keeps_the_app()
    {
        await using var host = await StartAsync("t-tmpl-up");
        var token = host.Token("t-tmpl-up", Admin);
        await RegisterAllAsync(host, token);
        host.Templates.Put("store:apps/wc-1.0/wc.sh", "wc -l < ${inputFile} > wc.txt\nlet total=${count}\n");
        var update = CatalogBodies.App();
        update["archiveOnAppError"] = true;

        var refused = await host.SendAsync(HttpMethod.Post, "/apps/v2/wc-1.0", token, update);

        Assert.Equal(400, refused.Status);
        Assert.Contains("templatePath: wc.sh line 2: ${count} is in an argument of let", (string?)refused.Body["message"], StringComparison.Ordinal);
        Assert.False((bool)(await host.SendAsync(HttpMethod.Get, "/apps/v2/wc-1.0", token)).Body["result"]!["archiveOnAppError"]!);
    }

    [Fact]
    public async Task An_app_whose_template_cannot_be_read_is_refused_saying_why()
    {
        await using var host = await StartAsync("t-tmpl-none");
        var token = host.Token("t-tmpl-none", Admin);
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/systems/v2", token, CatalogBodies.SshSlurmSystem("hpc"))).Status);
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/systems/v2", token, CatalogBodies.Storage("store"))).Status);
        host.Templates.Remove("store:apps/wc-1.0/wc.sh");

        var refused = await host.SendAsync(HttpMethod.Post, "/apps/v2", token, CatalogBodies.App());

        Assert.Equal(400, refused.Status);
        Assert.Equal(
            "templatePath: The template store:apps/wc-1.0/wc.sh of app wc-1.0 does not exist; upload the template to the deployment system before registering the app, then register it again",
            (string?)refused.Body["message"]);
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Get, "/apps/v2/wc-1.0", token)).Status);
    }

    [Fact]
    public async Task Placeholders_that_are_not_inputs_or_parameters_are_the_scripts_own_variables()
    {
        await using var host = await StartAsync("t-tmpl-own");
        var token = host.Token("t-tmpl-own", Admin);
        await RegisterAllAsync(host, token);
        host.Templates.Put("store:apps/wc-1.0/wc.sh", "n=${count}; [[ $n =~ ^[0-9]+$ ]] || exit 2\necho $(( ${SLURM_NTASKS} * 10#$n )) ${mode}\n");

        var registered = await host.SendAsync(HttpMethod.Post, "/apps/v2", token, CatalogBodies.App(version: "2.0"));

        Assert.True(registered.Status == 201, registered.Text);
    }

    private async Task<CatalogApiHost> StartAsync(string tenant)
    {
        var host = await CatalogApiHost.StartAsync(database.ConnectionString);
        host.Admins.Admins.Add((tenant, Admin));
        return host;
    }

    private static async Task RegisterAllAsync(CatalogApiHost host, string adminToken)
    {
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/systems/v2", adminToken, CatalogBodies.SshSlurmSystem("hpc"))).Status);
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/systems/v2", adminToken, CatalogBodies.Storage("store"))).Status);
        var app = await host.SendAsync(HttpMethod.Post, "/apps/v2", adminToken, CatalogBodies.App());
        Assert.True(app.Status == 201, app.Text);
        Assert.EndsWith("/apps/v2/wc-1.0", app.Response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain("TOP-SECRET-KEY-MATERIAL", text, StringComparison.Ordinal);
        Assert.DoesNotContain(CatalogBodies.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("privateKey", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"password\"", text, StringComparison.Ordinal);
    }
}
