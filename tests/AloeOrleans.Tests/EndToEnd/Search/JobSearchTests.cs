using System.Net;
using System.Text.Json;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Search;

/// <summary>
/// Searching jobs through the real service and PostgreSQL (docs/api.md, "Searching jobs"): Agave's query form and path
/// form, Aloe and legacy field names, typed values refused with a 400 naming the parameter, and the caller's scope: another
/// user or tenant finds nothing of theirs, a shared job is found, a hidden one only with <c>visible=false</c>. Users are named
/// per test so the shared service's lists hold only this test's jobs.
/// </summary>
[NeedsServers]
[Collection(EndToEndCollection.Name)]
public sealed class JobSearchTests(SharedServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Query_and_path_searches_find_jobs_by_aloe_and_legacy_names_within_the_callers_scope()
    {
        var service = fixture.Service;
        var (ownerName, otherName) = (Unique("alice"), Unique("bob"));
        using var alice = service.ClientFor(E2eCatalog.Tenant, ownerName);
        using var bob = service.ClientFor(E2eCatalog.Tenant, otherName);
        using var otherTenant = service.ClientFor("other", ownerName);
        using var otherAdmin = service.ClientFor("other", Unique("root"), "Internal/aloe-admin");

        var echo = await alice.SubmitOkAsync(new { name = "search-echo", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "x" } });
        var sleeper = await alice.SubmitOkAsync(new { name = "search-sleep", appId = E2eCatalog.SleepApp, archive = false });
        var bobs = await bob.SubmitOkAsync(new { name = "search-echo", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "y" } });
        try
        {
            Assert.Equal("FINISHED", await alice.WaitForTerminalAsync(echo, JobTimeout));
            await alice.WaitForStatusAsync(sleeper, status => status == "RUNNING", JobTimeout, "RUNNING");
            await bob.WaitForTerminalAsync(bobs, JobTimeout);

            Assert.Equal([echo], await IdsAsync(alice, "?status=FINISHED"));
            Assert.Equal([echo], await IdsAsync(alice, "?status.eq=finished&pretty=true"));
            Assert.Equal([sleeper], await IdsAsync(alice, "?status.in=RUNNING,QUEUED"));
            Assert.Equal([sleeper], await IdsAsync(alice, "?name.like=*sleep"));
            Assert.Equal([echo], await IdsAsync(alice, $"?appId={E2eCatalog.EchoApp}&executionSystem.like=*"));
            Assert.Equal([echo], await IdsAsync(alice, "?endTime.after=2000-01-01&nodeCount.gte=1"));
            Assert.Equal([sleeper], await IdsAsync(alice, "?endTime.neq=2000-01-01T00:00:00Z&status.nin=FINISHED,FAILED,STOPPED"));
            var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(new[] { echo, sleeper }.Order(), (await IdsAsync(alice, $"?created.on={today}&orderBy=created&order=desc")).Order());
            Assert.Equal(2, (await IdsAsync(alice, $"?created.between=2000-01-01,{today}")).Count);
            Assert.Equal([echo], await IdsAsync(alice, "?status=FINISHED&limit=1&offset=0"));
            Assert.Empty(await IdsAsync(alice, "?status=FINISHED&limit=1&offset=1"));

            // The path form, with an operator, a legacy name and a value that needs escaping.
            Assert.Equal([echo], await IdsAsync(alice, "/search/status/FINISHED"));
            Assert.Equal([sleeper], await IdsAsync(alice, "/search/name.like/*sleep/status.neq/FINISHED?pretty=true"));
            Assert.Equal([echo], await IdsAsync(alice, $"/search/executionSystem.like/*/name/{Uri.EscapeDataString("search-echo")}"));
            Assert.Empty(await IdsAsync(alice, "/search/name/search-echo%2Fx"));

            // Scope: bob's search finds only his own job; another tenant finds nothing of this tenant's.
            Assert.Equal([bobs], await IdsAsync(bob, "?name=search-echo"));
            Assert.Empty(await IdsAsync(otherTenant, "?name.like=search-*"));
            Assert.Empty(await IdsAsync(otherAdmin, "?name.like=search-*"));

            // Shared for reading: the grantee finds it.
            var grant = await alice.SendRawAsync(HttpMethod.Post, $"jobs/v2/{echo}/pems",
                new StringContent(JsonSerializer.Serialize(new { username = otherName, permission = "READ" }), System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, grant.Status);
            Assert.Equal(new[] { bobs, echo }.Order(), (await IdsAsync(bob, "?name=search-echo")).Order());
            Assert.Equal([echo], await IdsAsync(bob, $"?owner={ownerName}"));

            // Hidden: gone from every search but one that asks for hidden jobs.
            Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"jobs/v2/{echo}/hide")).Status);
            Assert.Empty(await IdsAsync(alice, "?status=FINISHED"));
            Assert.Equal([echo], await IdsAsync(alice, "?visible=false"));
            Assert.Equal([echo], await IdsAsync(alice, "/search/visible.eq/false/status/FINISHED"));
            var hidden = (await alice.ListAsync("?visible=false&filter=id,visible")).Result.EnumerateArray().Single();
            Assert.False(hidden.GetProperty("visible").GetBoolean());
        }
        finally
        {
            await alice.CancelAsync(sleeper);
        }
    }

    [Theory]
    [InlineData("?status=DANCING", "status: 'DANCING' is not a value of status")]
    [InlineData("?nodeCount=two", "nodeCount: 'two' is not an integer")]
    [InlineData("?maxRunTime.gt=soon", "maxRunTime.gt: 'soon' is not a number")]
    [InlineData("?created.on=28/11/2026", "created.on: '28/11/2026' is not a date")]
    [InlineData("?created.between=2026-11-28", "between takes two values")]
    [InlineData("?created.between=2026-11-28,2026-11-01", "smaller value first")]
    [InlineData("?visible.like=tr*", "operator like does not apply to visible")]
    [InlineData("?favouriteColour=red", "'favouriteColour' is not a search field of jobs")]
    [InlineData("?name.approximately=x", "'name.approximately' is not a search field of jobs")]
    [InlineData("/search/status", "pairs of segments")]
    [InlineData("/search/status/FINISHED/name", "pairs of segments")]
    [InlineData("/search/colour/red", "'colour' is not a search field of jobs")]
    [InlineData("?name=x';DROP%20TABLE%20aloe_jobs;--&status=FAILISH", "'FAILISH' is not a value of status")]
    public async Task A_bad_search_is_a_400_naming_the_parameter_and_the_rule(string query, string expected)
    {
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, Unique("alice"));

        var answer = await alice.ListAsync(query);

        Assert.True(answer.Status == HttpStatusCode.BadRequest && answer.Message.Contains(expected, StringComparison.Ordinal), $"{query}: {answer}");
    }

    [Fact]
    public async Task A_value_full_of_sql_is_only_text()
    {
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, Unique("alice"));
        var name = "x' OR '1'='1";
        var id = await alice.SubmitOkAsync(new { name, appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "x" } });
        await alice.WaitForTerminalAsync(id, JobTimeout);

        Assert.Equal([id], await IdsAsync(alice, "?name=" + Uri.EscapeDataString(name)));
        Assert.Equal([id], await IdsAsync(alice, "/search/name/" + Uri.EscapeDataString(name)));
        Assert.Empty(await IdsAsync(alice, "?name=" + Uri.EscapeDataString("y' OR '1'='1")));
    }

    private static async Task<List<string>> IdsAsync(JobsClient client, string query)
    {
        var list = await client.ListAsync(query);
        Assert.True(list.Status == HttpStatusCode.OK, $"{query}: {list}");
        return [.. list.Result.EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
