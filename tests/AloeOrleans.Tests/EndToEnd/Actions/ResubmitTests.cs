using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AloeOrleans.Tests.EndToEnd.Remote;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Actions;

/// <summary>
/// Resubmit through the real service and PostgreSQL: a finished job's resubmission runs to FINISHED with the same
/// inputs and parameters and its own archive folder, the history of both jobs says so, the refusal in PENDING, an app
/// that no longer accepts the job's request (400 naming the parameter), <c>Idempotency-Key</c>, other users and tenants.
/// </summary>
[NeedsServers]
public sealed class ResubmitTests(ActionsServiceFixture fixture) : IClassFixture<ActionsServiceFixture>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_finished_job_resubmitted_runs_again_to_FINISHED_with_the_same_request()
    {
        using var owner = fixture.Service.ClientFor(E2eCatalog.Tenant, "rita");
        var input = fixture.Files.Add($"words-{Guid.NewGuid():N}.txt", Encoding.UTF8.GetBytes("one two three\n"));
        var old = await owner.SubmitOkAsync(new
        {
            name = "count again", appId = E2eCatalog.CatApp, archive = true, archivePath = "", inputs = new { files = new[] { input } },
            maxRunTime = "00:05:00", notifications = new[] { new { @event = "FINISHED", url = "rita@example.org", persistent = false } },
        });
        Assert.Equal("FINISHED", await owner.WaitForTerminalAsync(old, JobTimeout));
        var before = (await owner.GetJobAsync(old)).Result;

        var resubmitted = await owner.PostAsync($"jobs/v2/{old}/resubmit");

        Assert.True(resubmitted.Status == HttpStatusCode.Created, $"resubmit: {resubmitted}");
        var id = resubmitted.Result.GetProperty("id").GetString()!;
        Assert.NotEqual(old, id);
        Assert.EndsWith($"/jobs/v2/{id}", resubmitted.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("FINISHED", await owner.WaitForTerminalAsync(id, JobTimeout));
        var after = (await owner.GetJobAsync(id)).Result;
        foreach (var field in new[] { "name", "appId", "owner", "systemId", "archive", "archiveSystem", "nodeCount", "processorsPerNode", "memoryPerNode", "maxHours", "remoteQueue" })
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(before.GetProperty(field).GetRawText()), JsonNode.Parse(after.GetProperty(field).GetRawText())),
                $"{field}: {before.GetProperty(field)} then {after.GetProperty(field)}");
        }

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(before.GetProperty("inputs").GetRawText()), JsonNode.Parse(after.GetProperty("inputs").GetRawText())));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(before.GetProperty("parameters").GetRawText()), JsonNode.Parse(after.GetProperty("parameters").GetRawText())));
        // The old job's default archive folder was its own: the new job gets its own default, not the old one's.
        Assert.Equal($"rita/archive/jobs/job-{id}", after.GetProperty("archivePath").GetString()!.Trim('/'));
        Assert.Equal($"rita/archive/jobs/job-{old}", before.GetProperty("archivePath").GetString()!.Trim('/'));

        // The e-mail notification's outcome (this fixture has no SMTP server) may be recorded at any time after FINISHED.
        var oldLast = (await owner.GetHistoryAsync(old)).Result.EnumerateArray()
            .Last(e => !e.GetProperty("status").GetString()!.StartsWith("NOTIFICATION_", StringComparison.Ordinal));
        Assert.Equal(("RESUBMITTED_AS", "rita"), (oldLast.GetProperty("status").GetString(), oldLast.GetProperty("createdBy").GetString()));
        Assert.Contains($"resubmitted as {id} by rita", oldLast.GetProperty("description").GetString(), StringComparison.Ordinal);
        var newHistory = (await owner.GetHistoryAsync(id)).Result.EnumerateArray().ToList();
        Assert.Equal(["ACCEPTED", "RESUBMITTED_FROM", "PENDING"], newHistory.Take(3).Select(e => e.GetProperty("status").GetString()));
        Assert.Contains($"resubmitted from {old} by rita", newHistory[1].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("FINISHED", (await owner.GetStatusAsync(old)).Result.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Resubmit_is_409_in_PENDING_and_allowed_while_RUNNING()
    {
        using var owner = fixture.Service.ClientFor(E2eCatalog.Tenant, "paula");
        var sleepers = new List<string>();
        try
        {
            // The owner's one worker slot is taken by a sleeper, so the next job waits in PENDING.
            for (var i = 0; i < ActionsServiceFixture.WorkersPerUser; i++)
            {
                var sleeper = await owner.SubmitOkAsync(new { name = $"sleeper-{i}", appId = E2eCatalog.SleepApp, archive = false });
                sleepers.Add(sleeper);
                await owner.WaitForStatusAsync(sleeper, status => status == "RUNNING", JobTimeout, "RUNNING");
            }

            var waiting = await owner.SubmitOkAsync(new { name = "waiting", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "x" } });
            sleepers.Add(waiting);
            await owner.WaitForStatusAsync(waiting, status => status == "PENDING", JobTimeout, "PENDING");

            foreach (var refused in new[] { await owner.PostAsync($"jobs/v2/{waiting}/resubmit"), await owner.PostAsync($"jobs/v2/{waiting}", Form("resubmit")) })
            {
                Assert.True(refused.Status == HttpStatusCode.Conflict,
                    $"resubmit of a PENDING job: {refused}\nHistory: {await owner.DescribeHistoryAsync(waiting)}\n{fixture.Service.Diagnostics()}");
                Assert.Contains("is PENDING: a job cannot be resubmitted while it is ACCEPTED or PENDING", refused.Message, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("RESUBMITTED_AS", await owner.HistoryEventsAsync(waiting));

            var running = await owner.PostAsync($"jobs/v2/{sleepers[0]}", Json("""{"action":"resubmit"}"""));
            Assert.True(running.Status == HttpStatusCode.Created, $"resubmit of a RUNNING job: {running}\n{fixture.Service.Diagnostics()}");
            var again = running.Result.GetProperty("id").GetString()!;
            sleepers.Add(again);

            // A job is cancelled once it is visible (PENDING, waiting for the owner's slot), not while still ACCEPTED.
            await owner.WaitForStatusAsync(again, status => status == "PENDING", JobTimeout, "PENDING");
        }
        finally
        {
            // Newest first: cancelling a sleeper first would free its slot, and the waiting echo job could take it and
            // finish before its own cancel arrives.
            foreach (var id in Enumerable.Reverse(sleepers))
            {
                await owner.CancelAsync(id);
            }
        }

        foreach (var id in sleepers)
        {
            Assert.Equal("STOPPED", await owner.WaitForTerminalAsync(id, JobTimeout));
        }
    }

    [Fact]
    public async Task An_app_that_no_longer_accepts_a_parameter_refuses_the_resubmission_naming_it()
    {
        using var admin = new CatalogAdminClient(fixture.Service, E2eCatalog.Tenant);
        using var owner = fixture.Service.ClientFor(E2eCatalog.Tenant, "ursula");
        var appId = $"{$"resub{Guid.NewGuid():N}"[..14]}-1.0";
        var app = E2eCatalog.LocalApp(appId, "echo.sh", new JsonArray(new JsonObject
        {
            ["id"] = "text", ["value"] = new JsonObject { ["type"] = "string", ["required"] = true },
        }), new JsonArray());
        app["deploymentPath"] = $"apps/{E2eCatalog.EchoApp}";
        await admin.RegisterAppAsync(app);
        var old = await owner.SubmitOkAsync(new { name = "echo", appId, archive = false, parameters = new { text = "hello" } });
        Assert.Equal("FINISHED", await owner.WaitForTerminalAsync(old, JobTimeout));

        // The same app, now without the parameter (and a template that needs none).
        var changed = E2eCatalog.LocalApp(appId, "sleep.sh", new JsonArray(), new JsonArray());
        changed["deploymentPath"] = $"apps/{E2eCatalog.SleepApp}";
        var update = await admin.PostAsync($"apps/v2/{appId}", changed);
        Assert.True(update.Status == HttpStatusCode.OK, $"app update: {update}");

        var refused = await owner.PostAsync($"jobs/v2/{old}/resubmit");

        Assert.True(refused.Status == HttpStatusCode.BadRequest, $"resubmit against the changed app: {refused}");
        Assert.Contains($"Job {old} cannot be resubmitted as it was", refused.Message, StringComparison.Ordinal);
        Assert.Contains("parameters.text: is not a parameter of app", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("RESUBMITTED_AS", await owner.HistoryEventsAsync(old));
    }

    [Fact]
    public async Task The_same_Idempotency_Key_answers_the_same_new_job_and_records_it_once()
    {
        using var owner = fixture.Service.ClientFor(E2eCatalog.Tenant, "ivan");
        var old = await owner.SubmitOkAsync(new { name = "echo", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "again" } });
        Assert.Equal("FINISHED", await owner.WaitForTerminalAsync(old, JobTimeout));
        var key = $"retry-{Guid.NewGuid():N}";

        var first = await owner.PostAsync($"jobs/v2/{old}/resubmit", idempotencyKey: key);
        var replay = await owner.PostAsync($"jobs/v2/{old}", Json("""{"action":"resubmit"}"""), idempotencyKey: key);
        var other = await owner.PostAsync($"jobs/v2/{old}/resubmit", idempotencyKey: key + "-2");
        var plain = await owner.SubmitAsync(new { name = "echo", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "x" } }, key);

        Assert.True(first.Status == HttpStatusCode.Created, $"first: {first}");
        Assert.True(replay.Status == HttpStatusCode.Created, $"replay: {replay}");
        var id = first.Result.GetProperty("id").GetString()!;
        Assert.Equal(id, replay.Result.GetProperty("id").GetString());
        Assert.Equal(first.Location, replay.Location);
        Assert.True(other.Status == HttpStatusCode.Created, $"another key: {other}");
        Assert.NotEqual(id, other.Result.GetProperty("id").GetString());
        Assert.True(plain.Status == HttpStatusCode.Created, $"a plain submission with the same key: {plain}");
        Assert.NotEqual(id, plain.Result.GetProperty("id").GetString());

        var recorded = (await owner.GetHistoryAsync(old)).Result.EnumerateArray()
            .Where(e => e.GetProperty("status").GetString() == "RESUBMITTED_AS")
            .Select(e => e.GetProperty("description").GetString()!)
            .ToList();
        Assert.Equal(2, recorded.Count);
        Assert.Single(recorded, description => description.Contains(id, StringComparison.Ordinal));
        Assert.Equal("FINISHED", await owner.WaitForTerminalAsync(id, JobTimeout));
        Assert.Equal(1, (await owner.HistoryEventsAsync(id)).Count(status => status == "RESUBMITTED_FROM"));
    }

    [Fact]
    public async Task Other_users_and_tenants_get_404_and_a_tenant_admins_resubmission_belongs_to_the_owner()
    {
        using var owner = fixture.Service.ClientFor(E2eCatalog.Tenant, "olga");
        using var neighbour = fixture.Service.ClientFor(E2eCatalog.Tenant, "bob");
        using var stranger = fixture.Service.ClientFor("elsewhere", "olga");
        using var admin = fixture.Service.ClientFor(E2eCatalog.Tenant, "root", CatalogAdminClient.AdminRole);
        var old = await owner.SubmitOkAsync(new { name = "echo", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "mine" } });
        Assert.Equal("FINISHED", await owner.WaitForTerminalAsync(old, JobTimeout));

        foreach (var other in new[] { neighbour, stranger })
        {
            foreach (var answer in new[] { await other.PostAsync($"jobs/v2/{old}/resubmit"), await other.PostAsync($"jobs/v2/{old}", Form("resubmit")) })
            {
                Assert.True(answer.Status == HttpStatusCode.NotFound, $"another caller's resubmit: {answer}");
            }
        }

        Assert.DoesNotContain("RESUBMITTED_AS", await owner.HistoryEventsAsync(old));

        var byAdmin = await admin.PostAsync($"jobs/v2/{old}/resubmit");
        Assert.True(byAdmin.Status == HttpStatusCode.Created, $"tenant admin's resubmit: {byAdmin}");
        var id = byAdmin.Result.GetProperty("id").GetString()!;
        Assert.Equal("olga", byAdmin.Result.GetProperty("owner").GetString());
        Assert.Equal("FINISHED", await owner.WaitForTerminalAsync(id, JobTimeout));
        var from = (await owner.GetHistoryAsync(id)).Result.EnumerateArray().Single(e => e.GetProperty("status").GetString() == "RESUBMITTED_FROM");
        Assert.Equal("root", from.GetProperty("createdBy").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetJobAsync(id)).Status);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static FormUrlEncodedContent Form(string action) => new([new KeyValuePair<string, string>("action", action)]);
}
