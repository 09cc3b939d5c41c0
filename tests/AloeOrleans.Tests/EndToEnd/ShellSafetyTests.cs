using System.Net;
using System.Text.Json.Nodes;
using AloeOrleans.Tests.EndToEnd.Remote;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// "Every value is shell-quoted" where bash would evaluate a quoted value (docs/security.md, "App templates" and
/// "Input names"), over HTTP against the real service: a template that evaluates a placeholder is refused at
/// registration and, when it comes from a seed file, at render; a safe template keeps a hostile value as data; input
/// names that would become options, the control folder or another input's file are refused at submission.
/// </summary>
[NeedsServers]
[Collection(EndToEndCollection.Name)]
public sealed class ShellSafetyTests(SharedServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    public static TheoryData<int> EvaluatingLines() => new(Enumerable.Range(0, E2eCatalog.EvaluatingLines.Count));

    [Theory]
    [MemberData(nameof(EvaluatingLines))]
    public async Task Registering_an_app_whose_template_evaluates_a_placeholder_is_400_naming_the_line(int line)
    {
        var service = fixture.Service;
        using var admin = new CatalogAdminClient(service, E2eCatalog.Tenant);
        var id = $"evaluating{line}-1.0";
        LocalLayout.WriteFile(service, E2eCatalog.Tenant, "local-storage", $"apps/{id}/run.sh", $"# counts\n{E2eCatalog.EvaluatingLines[line]}\nprintf '%s' ${{n}} > n.txt\n");

        var refused = await admin.PostAsync("apps/v2", App(id, "run.sh"));

        Assert.True(refused.Status == HttpStatusCode.BadRequest, refused.ToString());
        Assert.StartsWith("templatePath: run.sh line 2: ${n} is ", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 3", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"apps/v2/{id}")).Status);
    }

    [Fact]
    public async Task Registering_an_app_whose_template_is_missing_is_400_saying_so()
    {
        using var admin = new CatalogAdminClient(fixture.Service, E2eCatalog.Tenant);

        var refused = await admin.PostAsync("apps/v2", App("missing-1.0", "run.sh"));

        Assert.True(refused.Status == HttpStatusCode.BadRequest, refused.ToString());
        Assert.StartsWith("templatePath: The template local-storage:apps/missing-1.0/run.sh of app missing-1.0 does not exist", refused.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_seeded_app_whose_template_evaluates_a_placeholder_fails_at_render_and_runs_nothing()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var marker = $"/tmp/pwned-{Guid.NewGuid():N}";
        try
        {
            var id = await alice.SubmitOkAsync(new
            {
                name = "evaluating", appId = E2eCatalog.EvaluatingApp, archive = false, parameters = new { n = $"x[$(touch {marker})]" },
            });

            var final = await alice.WaitForTerminalAsync(id, JobTimeout);

            Assert.False(File.Exists(marker), $"{marker} exists: the value ran as shell code");
            Assert.True(final == "FAILED", $"job {id} ended {final}: {await alice.DescribeHistoryAsync(id)}");
            var statuses = await alice.HistoryStatusesAsync(id);
            Assert.DoesNotContain("RUNNING", statuses);
            Assert.DoesNotContain("SUBMITTING", statuses);
            var history = await alice.DescribeHistoryAsync(id);
            for (var line = 0; line < E2eCatalog.EvaluatingLines.Count; line++)
            {
                Assert.Contains($"line {line + 2}: ${{n}} is ", history, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task A_registered_app_doing_arithmetic_the_safe_way_runs_and_keeps_a_hostile_value_as_data()
    {
        var service = fixture.Service;
        using var admin = new CatalogAdminClient(service, E2eCatalog.Tenant);
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        LocalLayout.WriteFile(service, E2eCatalog.Tenant, "local-storage", "apps/safe-count-1.0/run.sh", """
            # safe-count-1.0: n plus one when n is a number (else 1), and n as given.
            n=${n}; [[ $n =~ ^[0-9]+$ ]] || n=0
            printf '%s|%s' $(( 10#$n + 1 )) ${n} > out.txt
            """);
        await admin.RegisterAppAsync(App("safe-count-1.0", "run.sh"));
        var marker = $"/tmp/pwned-{Guid.NewGuid():N}";
        var hostile = $"x[$(touch {marker})]";
        try
        {
            var id = await alice.SubmitOkAsync(new { name = "safe-count", appId = "safe-count-1.0", archive = true, archivePath = "", parameters = new { n = hostile } });

            var final = await alice.WaitForTerminalAsync(id, JobTimeout);

            Assert.False(File.Exists(marker), $"{marker} exists: the value ran as shell code");
            Assert.True(final == "FINISHED", $"job {id} ended {final}: {await alice.DescribeHistoryAsync(id)}");
            Assert.Equal($"1|{hostile}", await File.ReadAllTextAsync(Path.Combine(LocalLayout.Archive(service.DataDir, "alice", id), "out.txt")));
        }
        finally
        {
            File.Delete(marker);
        }
    }

    public static TheoryData<string, string, string, string> BadInputNames() => new()
    {
        { "a leading dash", """{"files":["alice/in/-rf"]}""", "inputs.files", "whose leading '-' makes the app's commands read it as an option" },
        { "the control folder", """{"files":["alice/in/.aloe"]}""", "inputs.files", "the name of the service's control folder" },
        { "two inputs, one name", """{"files":["alice/a/in.txt"],"extra":"alice/b/in.txt"}""", "inputs.extra", "like \"alice/a/in.txt\" of input files" },
        { "two values, one name", """{"files":["alice/a/in.txt","alice/b/in.txt"]}""", "inputs.files", "like \"alice/a/in.txt\" of input files" },
    };

    [Theory]
    [MemberData(nameof(BadInputNames))]
    public async Task An_input_whose_staged_name_is_unsafe_or_taken_is_400_naming_the_input_and_the_value(string what, string inputs, string field, string rule)
    {
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, "alice");

        var refused = await alice.SubmitRawAsync($$"""{"name":"names","appId":"{{E2eCatalog.CatApp}}","archive":false,"inputs":{{inputs}}}""", "application/json");

        Assert.True(refused.Status == HttpStatusCode.BadRequest, $"{what}: {refused}");
        Assert.Contains($"{field}: \"", refused.Message, StringComparison.Ordinal);
        Assert.Contains(rule, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>An app of tenant dev that runs on this host, its template at <c>apps/{id}/{template}</c> on local-storage.</summary>
    private static JsonObject App(string id, string template) => E2eCatalog.LocalApp(id, template,
        parameters: new JsonArray(new JsonObject { ["id"] = "n", ["value"] = new JsonObject { ["type"] = "string", ["required"] = true } }),
        inputs: []);
}
