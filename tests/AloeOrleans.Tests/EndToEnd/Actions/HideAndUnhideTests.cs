using System.Net;
using System.Text;
using AloeOrleans.Tests.EndToEnd.Remote;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Actions;

/// <summary>
/// Hide and unhide through the real service and PostgreSQL: every spelling of each, a hidden job missing from lists and
/// answering 404 everywhere but unhide, 409 for a job that has not ended, other users and tenants, and the history lines
/// each change writes (and the cancel's, by the user who asked).
/// </summary>
[NeedsServers]
public sealed class HideAndUnhideTests(ActionsServiceFixture fixture) : IClassFixture<ActionsServiceFixture>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Every_spelling_hides_and_unhides_a_finished_job_and_the_history_records_each()
    {
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, "hilda");
        var id = await FinishedJobAsync(alice);

        var spellings = new (string What, Func<Task<ApiResponse>> Send, bool Visible)[]
        {
            ("POST /hide", () => alice.PostAsync($"jobs/v2/{id}/hide"), false),
            ("POST /unhide", () => alice.PostAsync($"jobs/v2/{id}/unhide"), true),
            ("DELETE /hide", () => alice.DeleteAsync($"jobs/v2/{id}/hide"), false),
            ("action restore (JSON)", () => alice.PostAsync($"jobs/v2/{id}", Json("""{"action":"restore"}""")), true),
            ("DELETE /{id}", () => alice.DeleteAsync($"jobs/v2/{id}"), false),
            ("action=unhide (form)", () => alice.PostAsync($"jobs/v2/{id}", Form("unhide")), true),
            ("action hide (JSON, no Content-Type)", () => alice.PostAsync($"jobs/v2/{id}", Untyped("""{"action":"hide"}""")), false),
            ("POST /unhide/ (trailing slash)", () => alice.PostAsync($"jobs/v2/{id}/unhide/"), true),
        };
        foreach (var (what, send, visible) in spellings)
        {
            var answer = await send();
            Assert.True(answer.Status == HttpStatusCode.OK, $"{what}: {answer}");
            Assert.Equal(visible, answer.Result.GetProperty("visible").GetBoolean());
            Assert.Equal(visible ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await alice.GetJobAsync(id)).Status);
        }

        // Unhiding a visible job is answered with the job and writes nothing.
        var again = await alice.PostAsync($"jobs/v2/{id}/unhide");
        Assert.True(again.Status == HttpStatusCode.OK && again.Result.GetProperty("visible").GetBoolean(), $"unhide of a visible job: {again}");

        var history = (await alice.GetHistoryAsync(id)).Result.EnumerateArray().ToList();
        var changes = history.Where(e => e.GetProperty("status").GetString() is "HIDDEN" or "UNHIDDEN").ToList();
        Assert.Equal(["HIDDEN", "UNHIDDEN", "HIDDEN", "UNHIDDEN", "HIDDEN", "UNHIDDEN", "HIDDEN", "UNHIDDEN"],
            changes.Select(e => e.GetProperty("status").GetString()));
        Assert.All(changes, e => Assert.Equal("hilda", e.GetProperty("createdBy").GetString()));
        Assert.Contains("hidden by hilda", changes[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("unhidden by hilda", changes[1].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("FINISHED", history.Last(e => e.GetProperty("status").GetString() is not ("HIDDEN" or "UNHIDDEN")).GetProperty("status").GetString());
        Assert.Equal("FINISHED", (await alice.GetStatusAsync(id)).Result.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_hidden_job_is_missing_from_lists_and_answers_404_everywhere_but_unhide()
    {
        using var owner = fixture.Service.ClientFor(E2eCatalog.Tenant, "hector");
        var hidden = await FinishedJobAsync(owner);
        var shown = await FinishedJobAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync($"jobs/v2/{hidden}/hide")).Status);

        var listed = await ListedIdsAsync(owner, "");
        Assert.DoesNotContain(hidden, listed);
        Assert.Contains(shown, listed);
        Assert.DoesNotContain(hidden, await ListedIdsAsync(owner, "&filter=id,visible"));

        var answers = new List<(string What, ApiResponse Answer)>
        {
            ("GET", await owner.GetJobAsync(hidden)),
            ("status", await owner.GetStatusAsync(hidden)),
            ("history", await owner.GetHistoryAsync(hidden)),
            ("cancel", await owner.CancelAsync(hidden)),
            ("pause", await owner.PauseAsync(hidden)),
            ("hide again", await owner.PostAsync($"jobs/v2/{hidden}/hide")),
            ("DELETE /hide again", await owner.DeleteAsync($"jobs/v2/{hidden}/hide")),
            ("DELETE again", await owner.DeleteAsync($"jobs/v2/{hidden}")),
            ("resubmit", await owner.PostAsync($"jobs/v2/{hidden}/resubmit")),
            ("action resubmit", await owner.PostAsync($"jobs/v2/{hidden}", Json("""{"action":"resubmit"}"""))),
            ("action stop", await owner.PostAsync($"jobs/v2/{hidden}", Json("""{"action":"stop"}"""))),
            ("outputs", await owner.GetAsync($"jobs/v2/{hidden}/outputs/listings/")),
            ("pems", await owner.GetAsync($"jobs/v2/{hidden}/pems")),
        };
        Assert.All(answers, answer => Assert.True(answer.Answer.Status == HttpStatusCode.NotFound, $"{answer.What} of a hidden job: {answer.Answer}"));

        var unhidden = await owner.PostAsync($"jobs/v2/{hidden}/unhide");
        Assert.True(unhidden.Status == HttpStatusCode.OK, $"unhide: {unhidden}");
        Assert.Contains(hidden, await ListedIdsAsync(owner, ""));
        Assert.True((await owner.GetJobAsync(hidden)).Result.GetProperty("visible").GetBoolean());
    }

    [Fact]
    public async Task Hide_of_a_job_that_has_not_ended_is_409_naming_its_state_and_a_cancel_records_who_asked()
    {
        using var owner = fixture.Service.ClientFor(E2eCatalog.Tenant, "hugo");
        var id = await owner.SubmitOkAsync(new { name = "sleeper", appId = E2eCatalog.SleepApp, archive = false });
        try
        {
            await owner.WaitForStatusAsync(id, status => status == "RUNNING", JobTimeout, "RUNNING");

            foreach (var refused in new[]
                     {
                         await owner.PostAsync($"jobs/v2/{id}/hide"), await owner.DeleteAsync($"jobs/v2/{id}/hide"),
                         await owner.DeleteAsync($"jobs/v2/{id}"), await owner.PostAsync($"jobs/v2/{id}", Form("hide")),
                     })
            {
                Assert.True(refused.Status == HttpStatusCode.Conflict, $"hide of a RUNNING job: {refused}");
                Assert.Contains("is RUNNING: only a job that has ended (FINISHED, STOPPED or FAILED) can be hidden", refused.Message, StringComparison.Ordinal);
            }

            var job = (await owner.GetJobAsync(id)).Result;
            Assert.True(job.GetProperty("visible").GetBoolean());
            Assert.DoesNotContain("HIDDEN", await owner.HistoryEventsAsync(id));
        }
        finally
        {
            await owner.CancelAsync(id);
        }

        Assert.Equal("STOPPED", await owner.WaitForTerminalAsync(id, JobTimeout));
        var stopped = (await owner.GetHistoryAsync(id)).Result.EnumerateArray().Last(e => e.GetProperty("status").GetString() == "STOPPED");
        Assert.Equal("hugo", stopped.GetProperty("createdBy").GetString());
        Assert.Contains("cancelled by hugo", stopped.GetProperty("description").GetString(), StringComparison.Ordinal);

        var hidden = await owner.PostAsync($"jobs/v2/{id}/hide");
        Assert.True(hidden.Status == HttpStatusCode.OK, $"hide once STOPPED: {hidden}");
    }

    [Fact]
    public async Task Other_users_and_tenants_get_404_and_change_nothing_a_tenant_admin_may()
    {
        using var owner = fixture.Service.ClientFor(E2eCatalog.Tenant, "hannah");
        using var neighbour = fixture.Service.ClientFor(E2eCatalog.Tenant, "bob");
        using var stranger = fixture.Service.ClientFor("elsewhere", "hannah");
        using var strangerAdmin = fixture.Service.ClientFor("elsewhere", "root", CatalogAdminClient.AdminRole);
        using var admin = fixture.Service.ClientFor(E2eCatalog.Tenant, "root", CatalogAdminClient.AdminRole);
        var id = await FinishedJobAsync(owner);

        foreach (var other in new[] { neighbour, stranger, strangerAdmin })
        {
            foreach (var answer in new[]
                     {
                         await other.PostAsync($"jobs/v2/{id}/hide"), await other.DeleteAsync($"jobs/v2/{id}/hide"),
                         await other.DeleteAsync($"jobs/v2/{id}"), await other.PostAsync($"jobs/v2/{id}", Json("""{"action":"hide"}""")),
                     })
            {
                Assert.True(answer.Status == HttpStatusCode.NotFound, $"another caller's hide: {answer}");
            }
        }

        Assert.True((await owner.GetJobAsync(id)).Result.GetProperty("visible").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync($"jobs/v2/{id}/hide")).Status);
        foreach (var other in new[] { neighbour, stranger, strangerAdmin })
        {
            foreach (var answer in new[] { await other.PostAsync($"jobs/v2/{id}/unhide"), await other.PostAsync($"jobs/v2/{id}", Form("restore")) })
            {
                Assert.True(answer.Status == HttpStatusCode.NotFound, $"another caller's unhide: {answer}");
            }
        }

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetJobAsync(id)).Status);
        var byAdmin = await admin.PostAsync($"jobs/v2/{id}/unhide");
        Assert.True(byAdmin.Status == HttpStatusCode.OK, $"tenant admin's unhide: {byAdmin}");
        var last = (await owner.GetHistoryAsync(id)).Result.EnumerateArray().Last();
        Assert.Equal(("UNHIDDEN", "root"), (last.GetProperty("status").GetString(), last.GetProperty("createdBy").GetString()));
    }

    [Theory]
    [InlineData("1234")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("6f1c5a8e-0000-4000-8000-000000000001%27%3B%20DROP%20TABLE%20aloe_jobs%3B--")]
    [InlineData("99999999999999999999999999999999999999999999")]
    public async Task Bad_ids_are_404(string id)
    {
        using var owner = fixture.Service.ClientFor(E2eCatalog.Tenant, "hazel");

        foreach (var answer in new[]
                 {
                     await owner.PostAsync($"jobs/v2/{id}/hide"), await owner.DeleteAsync($"jobs/v2/{id}/hide"), await owner.DeleteAsync($"jobs/v2/{id}"),
                     await owner.PostAsync($"jobs/v2/{id}/unhide"), await owner.PostAsync($"jobs/v2/{id}/resubmit"),
                     await owner.PostAsync($"jobs/v2/{id}", Json("""{"action":"restore"}""")),
                 })
        {
            Assert.True(answer.Status == HttpStatusCode.NotFound, $"{id}: {answer}");
        }

        // The table a hostile id names is still there (the count would throw otherwise).
        await fixture.Service.CountRowsAsync("aloe_jobs");
    }

    private async Task<string> FinishedJobAsync(JobsClient owner)
    {
        var id = await owner.SubmitOkAsync(new { name = "quick", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "done" } });
        var final = await owner.WaitForTerminalAsync(id, JobTimeout);
        Assert.True(final == "FINISHED", $"job {id} ended {final}: {await owner.DescribeHistoryAsync(id)}\n{fixture.Service.Diagnostics()}");
        return id;
    }

    private static async Task<List<string>> ListedIdsAsync(JobsClient owner, string extra)
    {
        var list = await owner.ListAsync($"?limit=100{extra}");
        Assert.True(list.Status == HttpStatusCode.OK, $"list: {list}");
        return list.Result.EnumerateArray().Select(item => item.GetProperty("id").GetString()!).ToList();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static StringContent Untyped(string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = null;
        return content;
    }

    private static FormUrlEncodedContent Form(string action) => new([new KeyValuePair<string, string>("action", action)]);
}
