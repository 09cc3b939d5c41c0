using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Submission;
using Orleans.Runtime;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

/// <summary>
/// Hide, unhide and resubmit over Kestrel with fakes: every spelling of each route and of the legacy action body, who
/// may ask, the hidden job that answers only unhide, outcomes and failed grain calls (never a 500), the states resubmit
/// refuses, and the key and owner a resubmission is made with.
/// </summary>
public sealed class VisibilityAndResubmitRoutesTests
{
    private const string AdminRole = "Internal/aloe-admin";

    public static TheoryData<string, string, string?> HideSpellings() => new()
    {
        { "POST", "/hide", null },
        { "DELETE", "/hide", null },
        { "DELETE", "", null },
        { "POST", "", """{"action":"hide"}""" },
        { "POST", "", "form:hide" },
    };

    public static TheoryData<string, string?> UnhideSpellings() => new()
    {
        { "/unhide", null },
        { "", """{"action":"unhide"}""" },
        { "", """{"action":"restore"}""" },
        { "", "form:RESTORE" },
    };

    [Theory]
    [MemberData(nameof(HideSpellings))]
    public async Task Every_spelling_of_hide_asks_the_grain_and_answers_the_job(string method, string suffix, string? body)
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(status: JobStatus.FINISHED);
        host.Queries.Jobs.Add(job);

        var (status, answer) = await SendAsync(host, host.Request(new HttpMethod(method), $"/jobs/v2/{job.Uuid}{suffix}", host.Token(), Content(body)));

        Assert.True(status == HttpStatusCode.OK, $"{method} {suffix} {body}: {status} {answer}");
        Assert.Equal(job.Uuid.ToString(), (string?)answer["result"]!["id"]);
        Assert.Equal(("hide", job.Uuid, "alice"), Single(host.Actions.VisibilityChanges));
    }

    [Theory]
    [MemberData(nameof(UnhideSpellings))]
    public async Task Every_spelling_of_unhide_reaches_a_hidden_job(string suffix, string? body)
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(status: JobStatus.FINISHED) with { Visible = false };
        host.Queries.Jobs.Add(job);

        var (status, answer) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}{suffix}", host.Token(), Content(body)));

        Assert.True(status == HttpStatusCode.OK, $"{suffix} {body}: {status} {answer}");
        Assert.Equal(("unhide", job.Uuid, "alice"), Single(host.Actions.VisibilityChanges));
    }

    [Fact]
    public async Task A_hidden_job_answers_404_on_every_route_but_unhide()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(status: JobStatus.FINISHED) with { Visible = false };
        host.Queries.Jobs.Add(job);
        var path = $"/jobs/v2/{job.Uuid}";

        var answers = new List<(string What, HttpStatusCode Status)>();
        foreach (var (method, suffix, body) in new (string, string, string?)[]
                 {
                     ("GET", "", null), ("GET", "/status", null), ("GET", "/history", null), ("POST", "/cancel", null), ("POST", "/pause", null),
                     ("POST", "/hide", null), ("DELETE", "/hide", null), ("DELETE", "", null), ("POST", "/resubmit", null),
                     ("POST", "", """{"action":"hide"}"""), ("POST", "", """{"action":"resubmit"}"""), ("POST", "", """{"action":"stop"}"""),
                     ("GET", "/outputs/listings/", null), ("GET", "/pems", null),
                 })
        {
            var (status, _) = await SendAsync(host, host.Request(new HttpMethod(method), path + suffix, host.Token(), Content(body)));
            answers.Add(($"{method} {suffix} {body}", status));
        }

        Assert.All(answers, answer => Assert.True(answer.Status == HttpStatusCode.NotFound, $"{answer.What}: {answer.Status}"));
        Assert.Empty(host.Actions.VisibilityChanges);
        Assert.Empty(host.Actions.Cancelled);
        Assert.Equal(0, host.Submissions.Calls);
    }

    [Theory]
    [InlineData("hide")]
    [InlineData("unhide")]
    [InlineData("resubmit")]
    public async Task Only_the_owner_and_tenant_admins_may_ask_others_get_404_and_nothing_is_asked(string action)
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Submissions.Next = new SubmitResult(SubmitStatus.Accepted, TestJobs.Make(), [], null);
        var alices = TestJobs.Make(owner: "alice", status: JobStatus.FINISHED) with { Visible = action != "unhide" };
        var otherTenant = TestJobs.Make(tenant: "other", owner: "alice", status: JobStatus.FINISHED);
        var accepted = TestJobs.Make(status: JobStatus.ACCEPTED);
        host.Queries.Jobs.AddRange([alices, otherTenant, accepted]);

        var (bob, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{alices.Uuid}/{action}", host.Token(user: "bob")));
        var (bobLegacy, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{alices.Uuid}", host.Token(user: "bob"),
            Content($$"""{"action":"{{action}}"}""")));
        var (tenant, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{otherTenant.Uuid}/{action}", host.Token()));
        var (otherAdmin, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{alices.Uuid}/{action}", host.Token(tenant: "other", roles: [AdminRole])));
        var (notVisible, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{accepted.Uuid}/{action}", host.Token()));
        var (anonymous, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{alices.Uuid}/{action}"));
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized],
            [bob, bobLegacy, tenant, otherAdmin, notVisible, anonymous]);
        Assert.Empty(host.Actions.VisibilityChanges);
        Assert.Equal(0, host.Submissions.Calls);

        var (admin, adminBody) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{alices.Uuid}/{action}", host.Token(user: "root", roles: [AdminRole])));
        Assert.True(admin == (action == "resubmit" ? HttpStatusCode.Created : HttpStatusCode.OK), $"admin's {action}: {admin} {adminBody}");
    }

    [Theory]
    [InlineData("1234", HttpStatusCode.NotFound)]
    [InlineData("..%2F..%2Fetc%2Fpasswd", HttpStatusCode.NotFound)]
    [InlineData("6f1c5a8e-0000-4000-8000-00000000000%27%3B%20DROP%20TABLE%20aloe_jobs%3B--", HttpStatusCode.NotFound)]
    [InlineData("99999999999999999999999999999999999999", HttpStatusCode.NotFound)]
    [InlineData("%00", HttpStatusCode.BadRequest)]
    public async Task Hostile_ids_are_refused_and_nothing_is_asked(string id, HttpStatusCode expected)
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Queries.Jobs.Add(TestJobs.Make(status: JobStatus.FINISHED));

        foreach (var (method, suffix) in new[] { ("POST", "/hide"), ("DELETE", "/hide"), ("DELETE", ""), ("POST", "/unhide"), ("POST", "/resubmit") })
        {
            var (status, _) = await SendAsync(host, host.Request(new HttpMethod(method), $"/jobs/v2/{id}{suffix}", host.Token()));
            Assert.True(status == expected, $"{method} {id}{suffix}: {status}");
        }

        var (longId, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{new string('a', 4000)}/resubmit", host.Token()));
        Assert.True((int)longId is >= 400 and < 500, $"a 4000-character id answered {longId}");
        Assert.Empty(host.Actions.VisibilityChanges);
        Assert.Equal(0, host.Submissions.Calls);
    }

    [Fact]
    public async Task Hide_outcomes_answer_200_409_naming_the_state_and_503()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make();
        host.Queries.Jobs.Add(job);
        var path = $"/jobs/v2/{job.Uuid}/hide";

        host.Actions.Outcome = ActionOutcome.NotAllowedInState;
        var (conflict, conflictBody) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token()));
        host.Actions.Outcome = ActionOutcome.Unavailable;
        var (unavailable, _) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token()));
        host.Actions.Outcome = ActionOutcome.NotFound;
        var (gone, _) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token()));

        Assert.Equal(HttpStatusCode.Conflict, conflict);
        AssertError(conflictBody, "is RUNNING: only a job that has ended");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable);
        Assert.Equal(HttpStatusCode.NotFound, gone);
    }

    public static TheoryData<string, Exception, int, string> Failures() => new()
    {
        { "grain call timeout", new TimeoutException("Response did not arrive on time"), 503, "did not complete in time" },
        { "silo lost", new SiloUnavailableException("gone"), 503, "may or may not have taken effect" },
        { "database out", new DatabaseUnavailableException("out", new TimeoutException()), 503, "may not have been recorded" },
        { "another writer", new JobVersionConflictException(Guid.Empty, 3), 409, "changed while it was being asked to" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failed_grain_call_is_a_clear_answer_never_a_500(string what, Exception exception, int status, string expected)
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(status: JobStatus.FINISHED);
        host.Queries.Jobs.Add(job);
        host.Actions.Failure = exception;

        foreach (var suffix in new[] { "/hide", "/unhide" })
        {
            var (code, body) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}{suffix}", host.Token()));

            Assert.True((int)code == status, $"{what} ({suffix}): {(int)code} {body}");
            AssertError(body, expected);
        }
    }

    [Theory]
    [InlineData(JobStatus.PENDING)]
    [InlineData(JobStatus.ACCEPTED)]
    public async Task Resubmit_is_409_in_PENDING_and_404_in_ACCEPTED_and_nothing_is_submitted(JobStatus state)
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(status: state);
        host.Queries.Jobs.Add(job);

        var (route, routeBody) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}/resubmit", host.Token()));
        var (legacy, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}", host.Token(), Content("form:resubmit")));

        // An ACCEPTED job is not visible yet: the seed's 404 comes before the state's 409.
        var expected = state == JobStatus.PENDING ? HttpStatusCode.Conflict : HttpStatusCode.NotFound;
        Assert.Equal((expected, expected), (route, legacy));
        if (state == JobStatus.PENDING)
        {
            AssertError(routeBody, "is PENDING: a job cannot be resubmitted while it is ACCEPTED or PENDING");
        }

        Assert.Equal(0, host.Submissions.Calls);
    }

    [Fact]
    public async Task Resubmit_answers_like_a_submission_with_a_scoped_key_in_the_owners_name()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(status: JobStatus.FAILED);
        var created = TestJobs.Make(status: JobStatus.ACCEPTED);
        host.Queries.Jobs.Add(job);
        host.Submissions.Next = new SubmitResult(SubmitStatus.Accepted, created, [], null);

        var request = host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}/resubmit", host.Token(user: "root", roles: [AdminRole]));
        request.Headers.Add("Idempotency-Key", "again-1");
        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.EndsWith($"/jobs/v2/{created.Uuid}", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var (original, owner, requestedBy, key) = host.Submissions.LastResubmission!.Value;
        Assert.Equal((job.Uuid, "alice", "root"), (original.Uuid, owner.User, requestedBy));
        Assert.Equal(IdempotencyKeyHeader.ForResubmission(job.Uuid, "again-1"), key);

        host.Submissions.Next = new SubmitResult(SubmitStatus.Invalid, null,
            [new SubmissionError("parameters.mode", "parameters.mode: must be one of words, lines; got \"chars\"")], null);
        var (invalid, invalidBody) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}/resubmit", host.Token()));
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        AssertError(invalidBody, $"Job {job.Uuid} cannot be resubmitted as it was");
        AssertError(invalidBody, "parameters.mode: must be one of");

        var tooLong = host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}/resubmit", host.Token());
        tooLong.Headers.Add("Idempotency-Key", new string('k', 256));
        var (keyRefused, keyBody) = await SendAsync(host, tooLong);
        Assert.Equal(HttpStatusCode.BadRequest, keyRefused);
        AssertError(keyBody, "Idempotency-Key");
        Assert.Equal(2, host.Submissions.Calls);
    }

    private static (string, Guid, string) Single(List<(string Action, Guid Job, AloeOrleans.Gateway.Auth.Caller Caller)> calls)
    {
        var call = Assert.Single(calls);
        return (call.Action, call.Job, call.Caller.User);
    }

    /// <summary>A JSON body, "form:&lt;action&gt;" for a form body, or null for none.</summary>
    private static HttpContent? Content(string? body) => body switch
    {
        null => null,
        _ when body.StartsWith("form:", StringComparison.Ordinal) =>
            new FormUrlEncodedContent([new KeyValuePair<string, string>("action", body["form:".Length..])]),
        _ => new StringContent(body, Encoding.UTF8, "application/json"),
    };

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
