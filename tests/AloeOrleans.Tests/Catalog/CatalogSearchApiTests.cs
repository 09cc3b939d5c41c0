using System.Globalization;
using System.Text.Json.Nodes;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Catalog;

/// <summary>
/// <c>GET /apps/v2</c> and <c>GET /systems/v2</c> paging and search over HTTP against the real PostgresCatalog, and
/// Agave exports registering and coming back with their descriptive fields; each test uses its own tenants.
/// </summary>
[NeedsServers]
public sealed class CatalogSearchApiTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const string Admin = "root";
    private const string User = "alice";

    [Fact]
    public async Task Lists_page_with_limit_and_offset_in_id_order()
    {
        await using var host = await StartAsync("t-page");
        var admin = host.Token("t-page", Admin);
        await RegisterAppsAsync(host, admin);
        var user = host.Token("t-page", User);

        Assert.Equal("head-1.9,wc-1.0,wc-1.10,wc-2.0", await IdsAsync(host, user, "/apps/v2"));
        Assert.Equal("head-1.9,wc-1.0", await IdsAsync(host, user, "/apps/v2?limit=2"));
        Assert.Equal("wc-1.10,wc-2.0", await IdsAsync(host, user, "/apps/v2?limit=2&offset=2"));
        Assert.Equal("", await IdsAsync(host, user, "/apps/v2?offset=4"));
        Assert.Equal("head-1.9,wc-1.0,wc-1.10,wc-2.0", await IdsAsync(host, user, "/apps/v2?limit=100000"));
        Assert.Equal("store", await IdsAsync(host, user, "/systems/v2?offset=1&limit=1"));

        foreach (var (query, expected) in new[]
        {
            ("limit=0", "limit must be an integer from 1 to 100"),
            ("limit=abc", "limit must be an integer from 1 to 100"),
            ("limit=99999999999999999999", "limit must be an integer from 1 to 100"),
            ("offset=-1", "offset must be an integer of 0 or more"),
        })
        {
            var refused = await host.SendAsync(HttpMethod.Get, "/apps/v2?" + query, user);
            Assert.Equal(400, refused.Status);
            Assert.StartsWith(expected, (string?)refused.Body["message"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Apps_are_searched_with_every_operator()
    {
        await using var host = await StartAsync("t-search");
        var admin = host.Token("t-search", Admin);
        await RegisterAppsAsync(host, admin);
        var user = host.Token("t-search", User);

        foreach (var (query, expected) in new[]
        {
            ("name=wc", "wc-1.0,wc-1.10,wc-2.0"),
            ("NAME.eq=head", "head-1.9"),
            ("name.neq=wc", "head-1.9"),
            ("version.lt=1.10", "head-1.9,wc-1.0"),
            ("version.lte=1.10", "head-1.9,wc-1.0,wc-1.10"),
            ("version.gt=1.10", "wc-2.0"),
            ("version.gte=1.10&name=wc", "wc-1.10,wc-2.0"),
            ("version.between=1.5,1.10", "head-1.9,wc-1.10"),
            ("id.in=wc-1.0,head-1.9,gone-1.0", "head-1.9,wc-1.0"),
            ("id.nin=wc-1.0,head-1.9", "wc-1.10,wc-2.0"),
            ("label.like=*count*", "wc-1.0,wc-2.0"),
            ("label.nlike=*count*", "head-1.9,wc-1.10"),
            ("tags=demo", "wc-2.0"),
            ("tags.neq=demo", "head-1.9,wc-1.0,wc-1.10"),
            ("available=false", "head-1.9"),
            ("public=TRUE", "wc-2.0"),
            ("executionSystem=hpc&deploymentSystem=store", "head-1.9,wc-1.0,wc-1.10,wc-2.0"),
            ("lastModified.after=2000-01-01", "head-1.9,wc-1.0,wc-1.10,wc-2.0"),
            ("lastModified.before=2000-01-01", ""),
            ("lastModified.between=946684800,4102444800", "head-1.9,wc-1.0,wc-1.10,wc-2.0"),
            ("name=' OR '1'='1", ""),
            ("name.like=%", ""),
            ("label=../../etc/passwd", ""),
        })
        {
            Assert.True(expected == await IdsAsync(host, user, "/apps/v2?" + Uri.EscapeDataString(query).Replace("%3D", "=").Replace("%26", "&")), query);
        }

        // The second an app was written, as its own lastModified says, finds it with on (and eq).
        var app = await host.SendAsync(HttpMethod.Get, "/apps/v2/head-1.9", user);
        var written = DateTimeOffset.Parse((string)app.Body["result"]!["lastModified"]!, CultureInfo.InvariantCulture);
        Assert.Contains("head-1.9", await IdsAsync(host, user, "/apps/v2?lastModified.on=" + Uri.EscapeDataString(written.ToString("O", CultureInfo.InvariantCulture))));
        Assert.DoesNotContain("head-1.9", await IdsAsync(host, user, "/apps/v2?lastModified.on=" + written.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Systems_are_searched_and_list_items_carry_Agave_summary_fields()
    {
        await using var host = await StartAsync("t-syssearch");
        var admin = host.Token("t-syssearch", Admin);
        await RegisterAppsAsync(host, admin);
        var user = host.Token("t-syssearch", User);

        Assert.Equal("hpc", await IdsAsync(host, user, "/systems/v2?type=execution"));
        Assert.Equal("store", await IdsAsync(host, user, "/systems/v2?type.in=STORAGE&storage.protocol=sftp"));
        Assert.Equal("hpc", await IdsAsync(host, user, "/systems/v2?queues.name=debug&scheduler=SLURM"));
        Assert.Equal("store", await IdsAsync(host, user, "/systems/v2?status=down"));
        Assert.Equal("hpc", await IdsAsync(host, user, "/systems/v2?status.neq=down"));

        var items = (await host.SendAsync(HttpMethod.Get, "/systems/v2?id=store", user)).Body["result"]!.AsArray();
        var item = Assert.Single(items)!;
        Assert.Equal("DOWN", (string?)item["status"]);
        Assert.Equal("Storage for the search tests", (string?)item["description"]);
        Assert.NotNull((string?)item["lastModified"]);
    }

    [Fact]
    public async Task Bad_terms_are_refused_naming_the_field()
    {
        await using var host = await StartAsync("t-badterm");
        var user = host.Token("t-badterm", User);

        foreach (var (path, expected) in new[]
        {
            ("/apps/v2?colour=blue", "'colour' is not a search field of apps; use one of archiveOnAppError, available,"),
            ("/apps/v2?name.similar=x", "'name.similar' is not a search field of apps, and 'similar' is not a search operator"),
            ("/apps/v2?defaultNodeCount=two", "defaultNodeCount: 'two' is not an integer"),
            ("/apps/v2?available=maybe", "available: 'maybe' is not a boolean"),
            ("/apps/v2?lastModified.on=tomorrow", "lastModified.on: 'tomorrow' is not a date"),
            ("/apps/v2?version.gt=latest", "version.gt: 'latest' is not a version"),
            ("/apps/v2?available.like=t*", "available.like: operator like does not apply to available"),
            ("/systems/v2?type=CLOUD", "type: 'CLOUD' is not a value of type; use one of EXECUTION, STORAGE"),
            ("/systems/v2?site.before=2020-01-01", "site.before: operator before does not apply to site"),
            ("/systems/v2?orderBy=id", "'orderBy' is not a search field of systems"),
        })
        {
            var refused = await host.SendAsync(HttpMethod.Get, path, user);
            Assert.True(refused.Status == 400, path + " → " + refused.Text);
            Assert.StartsWith(expected, (string?)refused.Body["message"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Another_tenants_apps_and_systems_never_appear()
    {
        await using var host = await StartAsync("t-mine");
        host.Admins.Admins.Add(("t-theirs", Admin));
        await RegisterAppsAsync(host, host.Token("t-theirs", Admin));
        var mine = host.Token("t-mine", Admin);

        Assert.Equal("", await IdsAsync(host, mine, "/apps/v2"));
        Assert.Equal("", await IdsAsync(host, mine, "/apps/v2?name=wc"));
        Assert.Equal("", await IdsAsync(host, mine, "/apps/v2?id.in=wc-1.0,head-1.9&limit=100"));
        Assert.Equal("", await IdsAsync(host, mine, "/systems/v2?id=hpc"));
        Assert.Equal("", await IdsAsync(host, mine, "/systems/v2?type.in=EXECUTION,STORAGE&filter=id"));
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Get, "/apps/v2/wc-1.0", mine)).Status);
        Assert.Equal("head-1.9,wc-1.0,wc-1.10,wc-2.0", await IdsAsync(host, host.Token("t-theirs", User), "/apps/v2"));
    }

    [Fact]
    public async Task Agave_exports_register_unchanged_but_for_credentials_and_come_back_with_their_fields()
    {
        await using var host = await StartAsync("t-agave");
        var admin = host.Token("t-agave", Admin);
        host.Templates.Put("data.example.org:apps/head-1.2.0/wrapper.sh", AgaveExports.AppTemplate);

        var execution = await host.SendAsync(HttpMethod.Post, "/systems/v2", admin, AgaveExports.ExecutionSystem());
        Assert.True(execution.Status == 201, execution.Text);
        var storage = await host.SendAsync(HttpMethod.Post, "/systems/v2", admin, AgaveExports.StorageSystem());
        Assert.True(storage.Status == 201, storage.Text);
        var app = await host.SendAsync(HttpMethod.Post, "/apps/v2", admin, AgaveExports.App());
        Assert.True(app.Status == 201, app.Text);

        var user = host.Token("t-agave", User);
        var system = await host.SendAsync(HttpMethod.Get, "/systems/v2/stampede.example.org", user);
        var s = system.Body["result"]!;
        Assert.Equal("A Slurm cluster for the catalog tests", (string?)s["description"]);
        Assert.Equal("example.org", (string?)s["site"]);
        Assert.Equal("UP", (string?)s["status"]);
        Assert.Equal(true, (bool?)s["available"]);
        Assert.Equal(false, (bool?)s["public"]);
        Assert.Equal("./bashrc", (string?)s["startupScript"]);
        Assert.Equal("/home/svc", (string?)s["storage"]!["homeDir"]);
        Assert.Equal(false, (bool?)s["storage"]!["mirror"]);
        Assert.Equal("-A TG-EXAMPLE", (string?)s["queues"]![0]!["customDirectives"]);
        Assert.Equal("Normal queue", (string?)s["queues"]![0]!["description"]);
        Assert.Equal(50, (int?)s["maxSystemJobs"]);
        Assert.Equal("svc", (string?)s["login"]!["auth"]!["username"]);
        Assert.Null(s["revision"]);
        Assert.Null(s["owner"]);
        Assert.DoesNotContain("TOP-SECRET-KEY-MATERIAL", system.Text, StringComparison.Ordinal);
        Assert.Equal("/apps/public", (string?)(await host.SendAsync(HttpMethod.Get, "/systems/v2/data.example.org", user)).Body["result"]!["storage"]!["publicAppsDir"]);

        var a = (await host.SendAsync(HttpMethod.Get, "/apps/v2/head-1.2.0", user)).Body["result"]!;
        Assert.Equal("Head of a file", (string?)a["label"]);
        Assert.Equal("Prints the first lines of text files", (string?)a["shortDescription"]);
        Assert.StartsWith("Prints the first lines of each", (string?)a["longDescription"], StringComparison.Ordinal);
        Assert.Equal("https://example.org/docs/head", (string?)a["helpURI"]);
        Assert.Equal(["demo", "text", "unix"], a["tags"]!.AsArray().Select(tag => (string?)tag));
        Assert.Equal(["purge", "load TACC"], a["modules"]!.AsArray().Select(module => (string?)module));
        Assert.Equal("http://sswapmeet.sswap.info/agave/apps/Application", (string?)a["ontology"]![0]);
        Assert.Equal("HPC", (string?)a["executionType"]);
        Assert.Equal("test/test.sh", (string?)a["testPath"]);
        Assert.Equal(false, (bool?)a["checkpointable"]);
        Assert.Equal(true, (bool?)a["available"]);
        Assert.Equal(false, (bool?)a["isPublic"]);
        Assert.Equal("4", (string?)a["defaultMemoryPerNode"]);
        Assert.Equal("Text files", (string?)a["inputs"]![0]!["details"]!["label"]);
        Assert.Equal("http://edamontology.org/format_2330", (string?)a["inputs"]![0]!["semantics"]!["ontology"]![0]);
        Assert.Equal(true, (bool?)a["inputs"]![0]!["value"]!["visible"]);
        Assert.Equal(true, (bool?)a["inputs"]![0]!["value"]!["required"]);
        Assert.Equal(0, (int?)a["inputs"]![0]!["value"]!["order"]);
        Assert.Equal(["lines", "bytes"], a["parameters"]![0]!["value"]!["enumValues"]!.AsArray().Select(value => (string?)value));
        Assert.Equal("Lines or bytes to print", (string?)a["parameters"]![1]!["details"]!["description"]);
        Assert.Equal("xs:integer", (string?)a["parameters"]![1]!["semantics"]!["ontology"]![0]);
        Assert.Equal("head.out", (string?)a["outputs"]![0]!["value"]!["default"]);
        Assert.Equal("The first lines", (string?)a["outputs"]![0]!["details"]!["label"]);
        Assert.True(Guid.TryParse((string?)a["uuid"], out _));
        Assert.NotNull((string?)a["lastModified"]);

        // What GET shows posts back unchanged.
        var again = await host.SendAsync(HttpMethod.Post, "/apps/v2/head-1.2.0", admin, a.DeepClone());
        Assert.True(again.Status == 200, again.Text);
        Assert.Equal("head-1.2.0", await IdsAsync(host, user, "/apps/v2?tags=unix&label.like=Head*&ontology=http://sswapmeet.sswap.info/agave/apps/Application"));
        Assert.Equal("stampede.example.org", await IdsAsync(host, user, "/systems/v2?site=example.org&type=EXECUTION&status=up"));
    }

    [Fact]
    public async Task Unknown_and_wrongly_typed_Agave_fields_are_still_refused()
    {
        await using var host = await StartAsync("t-agavebad");
        var admin = host.Token("t-agavebad", Admin);
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/systems/v2", admin, AgaveExports.ExecutionSystem())).Status);
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/systems/v2", admin, AgaveExports.StorageSystem())).Status);

        foreach (var (change, expected) in new (Action<JsonObject>, string)[]
        {
            (app => app["colour"] = "blue", "colour: is not a field of an app"),
            (app => app["tags"] = "demo", "tags: must be an array of a string, got string \"demo\""),
            (app => app["available"] = "yes", "available: must be a boolean, got string \"yes\""),
            (app => app["inputs"]![0]!["details"]!["label"] = 3, "inputs[0].details.label: must be a string, got number 3"),
        })
        {
            var body = AgaveExports.App();
            change(body);
            var refused = await host.SendAsync(HttpMethod.Post, "/apps/v2", admin, body);
            Assert.Equal(400, refused.Status);
            Assert.Contains(expected, (string?)refused.Body["message"], StringComparison.Ordinal);
        }

        var system = AgaveExports.StorageSystem("other");
        system["status"] = "BROKEN";
        var status = await host.SendAsync(HttpMethod.Post, "/systems/v2", admin, system);
        Assert.Equal(400, status.Status);
        Assert.Contains("status: \"BROKEN\" is not supported by Aloe; use one of UP, DOWN, MAINTENANCE, UNKNOWN", (string?)status.Body["message"], StringComparison.Ordinal);
    }

    private async Task<CatalogApiHost> StartAsync(string tenant)
    {
        var host = await CatalogApiHost.StartAsync(database.ConnectionString);
        host.Admins.Admins.Add((tenant, Admin));
        return host;
    }

    /// <summary>Systems hpc and store, and apps head-1.9, wc-1.0, wc-1.10 and wc-2.0 with different descriptive fields.</summary>
    private static async Task RegisterAppsAsync(CatalogApiHost host, string adminToken)
    {
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/systems/v2", adminToken, CatalogBodies.SshSlurmSystem("hpc"))).Status);
        var store = CatalogBodies.Storage("store");
        store["status"] = "DOWN";
        store["description"] = "Storage for the search tests";
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/systems/v2", adminToken, store)).Status);
        foreach (var (name, version, change) in new (string, string, Action<JsonObject>)[]
        {
            ("wc", "1.0", app => app["label"] = "Word count"),
            ("wc", "1.10", app => app["label"] = "Lines"),
            ("wc", "2.0", app => { app["label"] = "Word count 2"; app["tags"] = new JsonArray("demo"); app["isPublic"] = true; }),
            ("head", "1.9", app => app["available"] = false),
        })
        {
            var body = CatalogBodies.App(name: name, version: version);
            change(body);
            var registered = await host.SendAsync(HttpMethod.Post, "/apps/v2", adminToken, body);
            Assert.True(registered.Status == 201, registered.Text);
        }
    }

    private static async Task<string> IdsAsync(CatalogApiHost host, string token, string path)
    {
        var answer = await host.SendAsync(HttpMethod.Get, path, token);
        Assert.True(answer.Status == 200, path + " → " + answer.Text);
        return string.Join(",", answer.Body["result"]!.AsArray().Select(item => (string?)item!["id"]));
    }
}
