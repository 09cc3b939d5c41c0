using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Submission;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

/// <summary>The HTTP layer end to end over Kestrel, with fakes behind the service interfaces.</summary>
public sealed class GatewayHttpTests
{
    private const string ValidJob = """{"name":"n","appId":"hello-1.0"}""";

    [Fact]
    public async Task Missing_token_is_401_with_envelope()
    {
        await using var host = await GatewayTestHost.StartAsync();

        var (status, body, response) = await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        AssertError(body, "Missing bearer token");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Bad_signature_expired_and_wrong_audience_tokens_are_401_saying_why()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var otherKey = new byte[32];
        var forged = AloeOrleans.Gateway.Auth.JwtTokenFactory.Create(
            host.Jwt, otherKey, "dev", "alice", [], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
        var wrongAudience = AloeOrleans.Gateway.Auth.JwtTokenFactory.Create(
            new AloeOrleans.Gateway.Auth.JwtOptions { Audience = "other" }, host.Key, "dev", "alice", [],
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

        var (s1, b1, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2", forged));
        var (s2, b2, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2", host.Token(lifetime: TimeSpan.FromHours(-2))));
        var (s3, b3, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2", wrongAudience));
        var (s4, b4, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2", "not-a-jwt"));

        Assert.Equal(HttpStatusCode.Unauthorized, s1);
        AssertError(b1, "bad signature");
        Assert.Equal(HttpStatusCode.Unauthorized, s2);
        AssertError(b2, "expired");
        Assert.Equal(HttpStatusCode.Unauthorized, s3);
        AssertError(b3, "audience");
        Assert.Equal(HttpStatusCode.Unauthorized, s4);
        AssertError(b4, "not a well-formed JWT");
    }

    [Fact]
    public async Task Token_without_tenant_claim_is_401()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var noTenant = AloeOrleans.Gateway.Auth.JwtTokenFactory.Create(
            new AloeOrleans.Gateway.Auth.JwtOptions { TenantClaim = "other_claim" }, host.Key, "dev", "alice", [],
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

        var (status, body, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2", noTenant));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        AssertError(body, "tenant_id");
    }

    [Theory]
    [InlineData("dev", "..", "user name")]
    [InlineData("dev", "bob/x", "user name")]
    [InlineData("dev", ".", "user name")]
    [InlineData("dev", "a\\b", "user name")]
    [InlineData("dev", "al\u0001ice", "user name")]
    [InlineData("..", "alice", "tenant")]
    [InlineData("dev/other", "alice", "tenant")]
    public async Task A_user_or_tenant_that_cannot_be_one_folder_name_is_401(string tenant, string user, string which)
    {
        await using var host = await GatewayTestHost.StartAsync();

        var (status, body, _) = await SendAsync(host, host.Request(HttpMethod.Post, "/jobs/v2", host.Token(tenant, user), Json(ValidJob)));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        AssertError(body, $"The bearer token's {which} cannot be used: it names folders");
        Assert.Equal(0, host.Submissions.Calls);
    }

    [Fact]
    public async Task Submit_without_json_content_type_is_415()
    {
        await using var host = await GatewayTestHost.StartAsync();

        var (status, body, _) = await SendAsync(host, host.Request(
            HttpMethod.Post, "/jobs/v2", host.Token(), new StringContent(ValidJob, Encoding.UTF8, "text/plain")));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        AssertError(body, "application/json");
        Assert.Equal(0, host.Submissions.Calls);
    }

    [Fact]
    public async Task Submit_over_the_body_limit_is_413_with_envelope()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var big = "{\"name\":\"" + new string('x', (int)GatewayTestHost.MaxBodyBytes) + "\"}";

        var (status, body, _) = await SendAsync(host, host.Request(HttpMethod.Post, "/jobs/v2", host.Token(), Json(big)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        AssertError(body, $"{GatewayTestHost.MaxBodyBytes} bytes");
        Assert.Equal(0, host.Submissions.Calls);
    }

    [Fact]
    public async Task Accepted_submission_is_201_with_location_and_the_job()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(status: JobStatus.ACCEPTED);
        host.Submissions.Next = new SubmitResult(SubmitStatus.Accepted, job, [], null);
        var request = host.Request(HttpMethod.Post, "/jobs/v2/", host.Token(roles: ["r1"]),
            new StringContent(ValidJob, Encoding.UTF8, "application/json"));
        request.Headers.Add("Idempotency-Key", "key-1");

        var (status, body, response) = await SendAsync(host, request);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("success", (string?)body["status"]);
        Assert.Equal(job.Uuid.ToString(), (string?)body["result"]!["id"]);
        Assert.Equal("ACCEPTED", (string?)body["result"]!["status"]);
        Assert.Equal(new Uri(host.Client.BaseAddress!, $"jobs/v2/{job.Uuid}"), response.Headers.Location);
        Assert.Equal(ValidJob, Encoding.UTF8.GetString(host.Submissions.LastBody!));
        Assert.Equal("key-1", host.Submissions.LastIdempotencyKey);
        Assert.Equal(("dev", "alice"), (host.Submissions.LastCaller!.TenantId, host.Submissions.LastCaller.User));
        Assert.Equal(["r1"], host.Submissions.LastCaller.Roles);
    }

    [Fact]
    public async Task Replayed_submission_is_201_with_the_same_job()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(status: JobStatus.PENDING);
        host.Submissions.Next = new SubmitResult(SubmitStatus.AlreadyAccepted, job, [], null);

        var (status, body, response) = await SendAsync(host, host.Request(HttpMethod.Post, "/jobs/v2", host.Token(), Json(ValidJob)));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(job.Uuid.ToString(), (string?)body["result"]!["id"]);
        Assert.Equal("true", response.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task Too_long_idempotency_key_is_400()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var request = host.Request(HttpMethod.Post, "/jobs/v2", host.Token(), Json(ValidJob));
        request.Headers.Add("Idempotency-Key", new string('k', 256));

        var (status, body, _) = await SendAsync(host, request);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(body, "Idempotency-Key");
    }

    [Fact]
    public async Task Invalid_submission_is_400_naming_every_field()
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Submissions.Next = new SubmitResult(SubmitStatus.Invalid, null,
            [new SubmissionError("nodeCount", "nodeCount: must be an integer"), new SubmissionError("archivePath", "archivePath: is required when archive is true")], null);

        var (status, body, _) = await SendAsync(host, host.Request(HttpMethod.Post, "/jobs/v2", host.Token(), Json(ValidJob)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(body, "nodeCount: must be an integer; archivePath: is required when archive is true");
    }

    [Fact]
    public async Task A_submission_refused_only_for_its_paths_is_403_naming_them()
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Submissions.Next = new SubmitResult(SubmitStatus.Forbidden, null,
            [new SubmissionError("inputs.data", "inputs.data: you may not read 'bob/x' on system store: …", SubmissionErrorKind.Forbidden)], null);

        var (status, body, _) = await SendAsync(host, host.Request(HttpMethod.Post, "/jobs/v2", host.Token(), Json(ValidJob)));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertError(body, "inputs.data: you may not read 'bob/x' on system store: …");
    }

    [Fact]
    public async Task Full_queue_is_429_with_retry_after()
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Submissions.Next = new SubmitResult(SubmitStatus.QueueFull, null, [], "Queue aloe.jobq.dev.submit.DefaultQueue is full.");

        var (status, body, response) = await SendAsync(host, host.Request(HttpMethod.Post, "/jobs/v2", host.Token(), Json(ValidJob)));

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        AssertError(body, "DefaultQueue is full");
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task Unavailable_submission_is_503()
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Submissions.Next = new SubmitResult(SubmitStatus.Unavailable, null, [], null);

        var (status, body, _) = await SendAsync(host, host.Request(HttpMethod.Post, "/jobs/v2", host.Token(), Json(ValidJob)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        AssertError(body, "nothing was stored");
    }

    [Fact]
    public async Task Jobs_of_other_tenants_other_owners_hidden_or_accepted_are_404()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var otherTenant = TestJobs.Make(tenant: "other");
        var otherOwner = TestJobs.Make(owner: "bob");
        var hidden = TestJobs.Make() with { Visible = false };
        var accepted = TestJobs.Make(status: JobStatus.ACCEPTED);
        host.Queries.Jobs.AddRange([otherTenant, otherOwner, hidden, accepted]);

        foreach (var job in new[] { otherTenant, otherOwner, hidden, accepted })
        {
            var (status, body, _) = await SendAsync(host, host.Request(HttpMethod.Get, $"/jobs/v2/{job.Uuid}", host.Token()));
            Assert.Equal(HttpStatusCode.NotFound, status);
            AssertError(body, job.Uuid.ToString());
        }

        var (notUuid, _, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2/1234/status", host.Token()));
        Assert.Equal(HttpStatusCode.NotFound, notUuid);
        var (cancelOther, _, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{otherOwner.Uuid}/cancel", host.Token()));
        Assert.Equal(HttpStatusCode.NotFound, cancelOther);
        Assert.Empty(host.Actions.Cancelled);
    }

    [Fact]
    public async Task Owner_sees_job_status_and_history_with_trailing_slashes()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make();
        host.Queries.Jobs.Add(job);
        host.Queries.Events.Add(new JobEvent(1, job.Uuid, "PENDING", TestJobs.Epoch, "alice", "Job accepted."));
        host.Queries.Events.Add(new JobEvent(2, job.Uuid, "RUNNING", TestJobs.Epoch, "system", "Transitioning from status QUEUED to RUNNING."));

        var (s1, full, _) = await SendAsync(host, host.Request(HttpMethod.Get, $"/jobs/v2/{job.Uuid}/", host.Token()));
        var (s2, status, _) = await SendAsync(host, host.Request(HttpMethod.Get, $"/jobs/v2/{job.Uuid}/status/", host.Token()));
        var (s3, history, _) = await SendAsync(host, host.Request(HttpMethod.Get, $"/jobs/v2/{job.Uuid}/history?limit=1&offset=1", host.Token()));

        Assert.Equal(HttpStatusCode.OK, s1);
        Assert.Equal(39, full["result"]!.AsObject().Count);
        Assert.Equal(HttpStatusCode.OK, s2);
        Assert.Equal("RUNNING", (string?)status["result"]!["status"]);
        Assert.Equal(HttpStatusCode.OK, s3);
        var only = Assert.Single(history["result"]!.AsArray());
        Assert.Equal(["status", "created", "createdBy", "description"], only!.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal("RUNNING", (string?)only["status"]);
        Assert.Equal((1, 1), host.Queries.LastHistoryPage);
    }

    [Fact]
    public async Task Admin_by_role_or_by_table_sees_the_tenants_jobs()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var bobs = TestJobs.Make(owner: "bob");
        host.Queries.Jobs.AddRange([bobs, TestJobs.Make(owner: "carol"), TestJobs.Make(tenant: "other", owner: "bob")]);
        host.Admins.Admins.Add(("dev", "dana"));

        var (s1, byRole, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2", host.Token(user: "root", roles: ["Internal/aloe-admin"])));
        var (s2, byTable, _) = await SendAsync(host, host.Request(HttpMethod.Get, $"/jobs/v2/{bobs.Uuid}", host.Token(user: "dana")));
        var (s3, plain, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2", host.Token(user: "bob")));

        Assert.Equal(HttpStatusCode.OK, s1);
        Assert.Equal(2, byRole["result"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, s2);
        Assert.Equal("bob", (string?)byTable["result"]!["owner"]);
        Assert.Equal(HttpStatusCode.OK, s3);
        Assert.Single(plain["result"]!.AsArray());
        Assert.Equal("bob", host.Queries.LastList!.Owner);
    }

    [Fact]
    public async Task Cancel_maps_outcomes_to_200_and_409()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make();
        host.Queries.Jobs.Add(job);

        var (ok, okBody, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}/kill", host.Token()));
        host.Actions.Outcome = ActionOutcome.NotAllowedInState;
        var (conflict, conflictBody, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}/cancel", host.Token()));

        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(job.Uuid.ToString(), (string?)okBody["result"]!["id"]);
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        AssertError(conflictBody, "cannot be cancelled");
        Assert.Equal(2, host.Actions.Cancelled.Count);
    }

    [Fact]
    public async Task Legacy_action_accepts_form_and_json_and_refuses_bad_input()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make();
        host.Queries.Jobs.Add(job);
        var path = $"/jobs/v2/{job.Uuid}";

        var (form, _, _) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token(),
            new FormUrlEncodedContent([new KeyValuePair<string, string>("action", "stop")])));
        var (json, _, _) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token(), Json("""{"action":"KILL"}""")));
        var (unknown, unknownBody, _) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token(), Json("""{"action":"explode"}""")));
        var (badJson, badJsonBody, _) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token(), Json("""{"action":""")));

        Assert.Equal(HttpStatusCode.OK, form);
        Assert.Equal(HttpStatusCode.OK, json);
        Assert.Equal(2, host.Actions.Cancelled.Count);
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        AssertError(unknownBody, "explode");
        Assert.Equal(HttpStatusCode.BadRequest, badJson);
        AssertError(badJsonBody, "not valid JSON");
    }

    [Theory]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("order=sideways", "ASC or DESC")]
    [InlineData("orderBy=color", "lastUpdated")]
    [InlineData("status=RUNNINGISH", "'RUNNINGISH' is not a value of status")]
    [InlineData("nodeCount.gt=two", "nodeCount.gt: 'two' is not an integer")]
    [InlineData("created.after=yesterday", "created.after: 'yesterday' is not a date")]
    [InlineData("archive.lt=true", "operator lt does not apply to archive")]
    [InlineData("color=red", "'color' is not a search field of jobs")]
    [InlineData("name.sounds=x", "'name.sounds' is not a search field of jobs")]
    public async Task List_parameters_are_validated(string query, string expected)
    {
        await using var host = await GatewayTestHost.StartAsync();

        var (status, body, _) = await SendAsync(host, host.Request(HttpMethod.Get, $"/jobs/v2?{query}", host.Token()));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(body, expected);
    }

    [Fact]
    public async Task List_parameters_reach_the_query_and_limit_is_clamped()
    {
        await using var host = await GatewayTestHost.StartAsync();

        var (status, _, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2/?limit=500&offset=3&order=asc&orderBy=Created", host.Token()));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new JobListQuery("dev", "alice", 100, 3, "created", false), host.Queries.LastList);
    }

    [Fact]
    public async Task List_items_are_short_unless_filtered_and_naked_pretty_shape_the_output()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make();
        host.Queries.Jobs.Add(job);

        var (_, shortList, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2", host.Token()));
        var raw = await host.Client.SendAsync(host.Request(HttpMethod.Get, "/jobs/v2?naked=true&pretty=true&filter=id,tenantQueue,_links.self", host.Token()));
        var text = await raw.Content.ReadAsStringAsync();

        Assert.Equal(10, shortList["result"]![0]!.AsObject().Count);
        Assert.Contains("\n", text, StringComparison.Ordinal);
        var naked = JsonNode.Parse(text)!.AsArray();
        Assert.Equal(["id", "tenantQueue", "_links"], naked[0]!.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal(["self"], naked[0]!["_links"]!.AsObject().Select(p => p.Key).ToArray());
    }

    [Fact]
    public async Task Trigger_is_410_without_authentication()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make();
        host.Queries.Jobs.Add(job);

        var (status, body, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/trigger/job/{job.Uuid}/token/abc/status/FAILED"));
        var (getStatus, _, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2/trigger/"));

        Assert.Equal(HttpStatusCode.Gone, status);
        AssertError(body, "removed");
        Assert.Equal(HttpStatusCode.Gone, getStatus);
        Assert.Empty(host.Actions.Cancelled);
    }

    [Fact]
    public async Task Framework_404_and_405_are_enveloped()
    {
        await using var host = await GatewayTestHost.StartAsync();

        var (notFound, notFoundBody, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/nothing/here", host.Token()));
        var (notAllowed, notAllowedBody, _) = await SendAsync(host, host.Request(HttpMethod.Put, "/jobs/v2", host.Token()));

        Assert.Equal(HttpStatusCode.NotFound, notFound);
        AssertError(notFoundBody, "/nothing/here");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, notAllowed);
        AssertError(notAllowedBody, "PUT");
    }

    [Fact]
    public async Task Health_live_is_200_and_ready_is_503_naming_the_failed_check()
    {
        await using var host = await GatewayTestHost.StartAsync();

        var (live, _, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/health/live"));
        var (ready, readyBody, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/health/ready"));
        host.Database.Reachable = false;
        var (down, downBody, _) = await SendAsync(host, host.Request(HttpMethod.Get, "/health/ready/"));

        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Equal("up", (string?)readyBody["result"]!["database"]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
        AssertError(downBody, "database");
        Assert.DoesNotContain("cluster", (string?)downBody["message"], StringComparison.Ordinal);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonNode Body, HttpResponseMessage Response)> SendAsync(
        GatewayTestHost host, HttpRequestMessage request)
    {
        var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(text)!, response);
    }

    private static void AssertError(JsonNode body, string expectedInMessage)
    {
        Assert.Equal("error", (string?)body["status"]);
        Assert.Null(body["result"]);
        Assert.False(string.IsNullOrEmpty((string?)body["version"]));
        Assert.Contains(expectedInMessage, (string?)body["message"], StringComparison.Ordinal);
    }
}
