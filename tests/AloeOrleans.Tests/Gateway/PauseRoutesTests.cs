using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using Npgsql;
using Orleans.Runtime;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

/// <summary>
/// <c>POST /jobs/v2/{id}/pause</c> and <c>/resume</c> (and the legacy <c>action</c> body) over Kestrel with fakes: who may
/// ask, how each outcome and each failed grain call answers (never a 500).
/// </summary>
public sealed class PauseRoutesTests
{
    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    public async Task Outcomes_answer_200_with_the_job_409_and_503_with_the_reason(string action)
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make();
        host.Queries.Jobs.Add(job);
        var path = $"/jobs/v2/{job.Uuid}/{action}";

        var (ok, okBody) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token()));
        host.Actions.Outcome = ActionOutcome.NotAllowedInState;
        var (conflict, conflictBody) = await SendAsync(host, host.Request(HttpMethod.Post, path + "/", host.Token()));
        host.Actions.Outcome = ActionOutcome.Unavailable;
        var (unavailable, unavailableBody) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token()));
        host.Actions.Outcome = ActionOutcome.NotFound;
        var (gone, goneBody) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token()));

        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("success", (string?)okBody["status"]);
        Assert.Equal(job.Uuid.ToString(), (string?)okBody["result"]!["id"]);
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        AssertError(conflictBody, action == "pause" ? "only a job that has not ended can be paused" : "only a paused job can be resumed");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable);
        AssertError(unavailableBody, "try again later");
        Assert.Equal(HttpStatusCode.NotFound, gone);
        AssertError(goneBody, job.Uuid.ToString());
        Assert.All(host.Actions.PausesAndResumes, call => Assert.Equal((action, job.Uuid, "alice"), (call.Action, call.Job, call.Caller.User)));
        Assert.Equal(4, host.Actions.PausesAndResumes.Count);
        Assert.Empty(host.Actions.Cancelled);
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    public async Task Only_the_owner_and_tenant_admins_may_ask_others_get_404_and_nothing_is_asked(string action)
    {
        await using var host = await GatewayTestHost.StartAsync();
        var alices = TestJobs.Make(owner: "alice");
        var otherTenant = TestJobs.Make(tenant: "other", owner: "alice");
        var accepted = TestJobs.Make(status: JobStatus.ACCEPTED);
        var hidden = TestJobs.Make() with { Visible = false };
        host.Queries.Jobs.AddRange([alices, otherTenant, accepted, hidden]);

        var (bob, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{alices.Uuid}/{action}", host.Token(user: "bob")));
        var (tenant, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{otherTenant.Uuid}/{action}", host.Token()));
        var (notVisible, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{accepted.Uuid}/{action}", host.Token()));
        var (notShown, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{hidden.Uuid}/{action}", host.Token()));
        var (anonymous, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{alices.Uuid}/{action}"));
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized],
            [bob, tenant, notVisible, notShown, anonymous]);
        Assert.Empty(host.Actions.PausesAndResumes);

        var (admin, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{alices.Uuid}/{action}",
            host.Token(user: "root", roles: ["Internal/aloe-admin"])));
        Assert.Equal(HttpStatusCode.OK, admin);
        Assert.Equal("root", Assert.Single(host.Actions.PausesAndResumes).Caller.User);
    }

    [Theory]
    [InlineData("1234", HttpStatusCode.NotFound)]
    [InlineData("..%2F..%2Fetc%2Fpasswd", HttpStatusCode.NotFound)]
    [InlineData("6f1c5a8e-0000-4000-8000-00000000000%27%3B", HttpStatusCode.NotFound)]
    [InlineData("%00", HttpStatusCode.BadRequest)]
    public async Task Hostile_ids_are_refused_and_nothing_is_asked(string id, HttpStatusCode expected)
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Queries.Jobs.Add(TestJobs.Make());

        foreach (var action in new[] { "pause", "resume" })
        {
            var (status, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{id}/{action}", host.Token()));
            Assert.Equal(expected, status);
        }

        var (longId, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{new string('a', 4000)}/pause", host.Token()));
        Assert.True((int)longId is >= 400 and < 500, $"a 4000-character id answered {longId}");
        Assert.Empty(host.Actions.PausesAndResumes);
    }

    [Fact]
    public async Task The_legacy_action_body_pauses_and_resumes()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make();
        host.Queries.Jobs.Add(job);
        var path = $"/jobs/v2/{job.Uuid}";

        var (pause, _) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token(), Json("""{"action":"PAUSE"}""")));
        var (resume, _) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token(),
            new FormUrlEncodedContent([new KeyValuePair<string, string>("action", "resume")])));
        var (unknown, unknownBody) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token(), Json("""{"action":"hold"}""")));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (pause, resume));
        Assert.Equal(["pause", "resume"], host.Actions.PausesAndResumes.Select(call => call.Action));
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        AssertError(unknownBody, "pause, resume");
    }

    public static TheoryData<string, Exception, int, string> Failures() => new()
    {
        { "grain call timeout", new TimeoutException("Response did not arrive on time"), 503, "did not complete in time" },
        { "silo lost", new SiloUnavailableException("gone"), 503, "may or may not have taken effect" },
        { "database down", new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111)), 503, "may not have been recorded" },
        { "database out, said by the store", new DatabaseUnavailableException("out", new TimeoutException()), 503, "may not have been recorded" },
        { "another writer", new JobVersionConflictException(Guid.Empty, 3), 409, "changed while it was being asked to" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failed_grain_call_is_a_clear_answer_never_a_500(string what, Exception exception, int status, string expected)
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make();
        host.Queries.Jobs.Add(job);
        host.Actions.Failure = exception;

        foreach (var action in new[] { "pause", "resume" })
        {
            var (code, body) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}/{action}", host.Token()));

            Assert.True((int)code == status, $"{what} ({action}): {(int)code} {body}");
            AssertError(body, expected);
            AssertError(body, job.Uuid.ToString());
            AssertError(body, action);
        }
    }

    [Fact]
    public void A_bug_is_left_to_the_envelope()
    {
        Assert.Null(PauseFailure.Classify(new InvalidOperationException("bug"), Guid.NewGuid(), "pause"));
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(GatewayTestHost host, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await host.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
        }
    }

    private static void AssertError(JsonNode body, string expectedInMessage)
    {
        Assert.Equal("error", (string?)body["status"]);
        Assert.Contains(expectedInMessage, (string?)body["message"], StringComparison.Ordinal);
    }
}
