using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Sharing;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

/// <summary>
/// The access rule on every job route and the pems routes' own rules, over Kestrel with fakes (docs/security.md, "Shared
/// jobs"): who gets 2xx, 403 or 404 on each kind of route, and what a pems request may contain.
/// </summary>
public sealed class SharingRoutesTests
{
    private const string AdminRole = "Internal/aloe-admin";

    public enum Role
    {
        Owner,
        Admin,
        ReadGrantee,
        WriteGrantee,
        Nobody,
        SameNameInAnotherTenant,
    }

    /// <summary>Every route that names a job, with the right it needs.</summary>
    private static readonly (string Method, string Path, string? JsonBody, JobRight Right)[] Routes =
    [
        ("GET", "", null, JobRight.Read),
        ("GET", "/status", null, JobRight.Read),
        ("GET", "/history", null, JobRight.Read),
        ("GET", "/pems", null, JobRight.Read),
        ("GET", "/pems/alice", null, JobRight.Read),
        ("GET", "/pems/rita", null, JobRight.Read),
        ("POST", "/cancel", null, JobRight.Write),
        ("POST", "/kill", null, JobRight.Write),
        ("POST", "/stop", null, JobRight.Write),
        ("POST", "/pause", null, JobRight.Write),
        ("POST", "/resume", null, JobRight.Write),
        ("POST", "", """{"action":"stop"}""", JobRight.Write),
        ("POST", "", """{"action":"pause"}""", JobRight.Write),
        ("POST", "/pems", """{"username":"carol","permission":"READ"}""", JobRight.Manage),
        ("POST", "/pems/carol", """{"permission":"WRITE"}""", JobRight.Manage),
        ("POST", "/pems/rita", """{"permission":"NONE"}""", JobRight.Manage),
        ("DELETE", "/pems/will", null, JobRight.Manage),
        ("DELETE", "/pems", null, JobRight.Manage),
    ];

    [Theory]
    [InlineData(Role.Owner)]
    [InlineData(Role.Admin)]
    [InlineData(Role.ReadGrantee)]
    [InlineData(Role.WriteGrantee)]
    [InlineData(Role.Nobody)]
    [InlineData(Role.SameNameInAnotherTenant)]
    public async Task Every_job_route_answers_what_the_callers_role_allows(Role role)
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(owner: "alice");
        host.Queries.Jobs.Add(job);
        var token = role switch
        {
            Role.Owner => host.Token(user: "alice"),
            Role.Admin => host.Token(user: "root", roles: [AdminRole]),
            Role.ReadGrantee => host.Token(user: "rita"),
            Role.WriteGrantee => host.Token(user: "will"),
            Role.Nobody => host.Token(user: "nora"),
            _ => host.Token(tenant: "other", user: "rita"),
        };

        var answers = new List<string>();
        foreach (var (method, path, body, right) in Routes)
        {
            // Each request starts from the same grants: rita READ, will WRITE.
            host.Permissions.Grants.Clear();
            host.Permissions.Grant(job.Uuid, "dev", "rita", JobPermission.ReadOnly);
            host.Permissions.Grant(job.Uuid, "dev", "will", JobPermission.ReadWrite);
            var content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json");
            var (status, answer) = await SendAsync(host, host.Request(new HttpMethod(method), $"/jobs/v2/{job.Uuid}{path}", token, content));

            var expected = Expected(role, right);
            var ok = expected == HttpStatusCode.OK ? (int)status is >= 200 and < 300 : status == expected;
            answers.Add($"{method} {path} {body} ({right}): {(int)status}{(ok ? "" : $" expected {(int)expected}: {answer}")}");
            if (status == HttpStatusCode.Forbidden)
            {
                Assert.Contains(job.Uuid.ToString(), (string?)answer["message"], StringComparison.Ordinal);
            }
        }

        var wrong = answers.Where(line => line.Contains("expected", StringComparison.Ordinal)).ToList();
        Assert.True(wrong.Count == 0, $"{role}:\n{string.Join("\n", wrong)}");
    }

    private static HttpStatusCode Expected(Role role, JobRight right) => (role, right) switch
    {
        (Role.Owner or Role.Admin, _) => HttpStatusCode.OK,
        (Role.ReadGrantee, JobRight.Read) => HttpStatusCode.OK,
        (Role.ReadGrantee, _) => HttpStatusCode.Forbidden,
        (Role.WriteGrantee, JobRight.Manage) => HttpStatusCode.Forbidden,
        (Role.WriteGrantee, _) => HttpStatusCode.OK,
        _ => HttpStatusCode.NotFound,
    };

    [Fact]
    public async Task A_read_grantee_cannot_cancel_and_nothing_is_asked_of_the_grain()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(owner: "alice");
        host.Queries.Jobs.Add(job);
        host.Permissions.Grant(job.Uuid, "dev", "rita", JobPermission.ReadOnly);

        var (status, body) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}/cancel", host.Token(user: "rita")));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("reading only", (string?)body["message"], StringComparison.Ordinal);
        Assert.Empty(host.Actions.Cancelled);
    }

    [Fact]
    public async Task The_list_of_permissions_starts_with_the_owners_all_and_pages()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(owner: "alice");
        host.Queries.Jobs.Add(job);
        host.Permissions.Grant(job.Uuid, "dev", "will", JobPermission.ReadWrite);
        host.Permissions.Grant(job.Uuid, "dev", "rita", JobPermission.ReadOnly);

        var (_, all) = await SendAsync(host, host.Request(HttpMethod.Get, $"/jobs/v2/{job.Uuid}/pems/", host.Token()));
        var (_, second) = await SendAsync(host, host.Request(HttpMethod.Get, $"/jobs/v2/{job.Uuid}/pems?limit=1&offset=1", host.Token()));
        var (_, last) = await SendAsync(host, host.Request(HttpMethod.Get, $"/jobs/v2/{job.Uuid}/pems?limit=5&offset=2", host.Token()));
        var (badLimit, _) = await SendAsync(host, host.Request(HttpMethod.Get, $"/jobs/v2/{job.Uuid}/pems?limit=-1", host.Token()));

        var items = all["result"]!.AsArray();
        Assert.Equal(["alice", "rita", "will"], items.Select(item => (string?)item!["username"]));
        Assert.Equal([true, true, true], items.Select(item => (bool)item!["permission"]!["read"]!));
        Assert.Equal([true, false, true], items.Select(item => (bool)item!["permission"]!["write"]!));
        var rita = items[1]!;
        Assert.Null(rita["internalUsername"]);
        Assert.EndsWith($"/jobs/v2/{job.Uuid}/pems/rita", (string?)rita["_links"]!["self"]!["href"], StringComparison.Ordinal);
        Assert.EndsWith($"/jobs/v2/{job.Uuid}", (string?)rita["_links"]!["parent"]!["href"], StringComparison.Ordinal);
        Assert.EndsWith("/profiles/v2/rita", (string?)rita["_links"]!["profile"]!["href"], StringComparison.Ordinal);
        Assert.Equal(["rita"], second["result"]!.AsArray().Select(item => (string?)item!["username"]));
        Assert.Equal(["will"], last["result"]!.AsArray().Select(item => (string?)item!["username"]));
        Assert.Equal(HttpStatusCode.BadRequest, badLimit);
    }

    [Fact]
    public async Task A_grant_answers_201_with_its_location_a_revoke_200_and_both_write_history()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(owner: "alice");
        host.Queries.Jobs.Add(job);
        var path = $"/jobs/v2/{job.Uuid}/pems";

        using var grant = await host.Client.SendAsync(host.Request(HttpMethod.Post, path, host.Token(), Json("""{"username":"bob","permission":"read"}""")));
        var grantBody = JsonNode.Parse(await grant.Content.ReadAsStringAsync())!;
        var (revoke, revokeBody) = await SendAsync(host, host.Request(HttpMethod.Post, path + "/bob", host.Token(),
            new FormUrlEncodedContent([new KeyValuePair<string, string>("permission", "")])));
        var (again, _) = await SendAsync(host, host.Request(HttpMethod.Delete, path + "/bob", host.Token()));
        var (missing, missingBody) = await SendAsync(host, host.Request(HttpMethod.Get, path + "/bob", host.Token()));

        Assert.Equal(HttpStatusCode.Created, grant.StatusCode);
        Assert.EndsWith($"/jobs/v2/{job.Uuid}/pems/bob", grant.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal((true, false), ((bool)grantBody["result"]!["permission"]!["read"]!, (bool)grantBody["result"]!["permission"]!["write"]!));
        Assert.Equal(HttpStatusCode.OK, revoke);
        Assert.Equal((false, false), ((bool)revokeBody["result"]!["permission"]!["read"]!, (bool)revokeBody["result"]!["permission"]!["write"]!));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Contains("'bob' has no permission", (string?)missingBody["message"], StringComparison.Ordinal);
        // The repeated revoke changed nothing, so it wrote nothing.
        Assert.Equal(
            [("PERMISSION_GRANT", "READ permission granted to bob by alice", "alice"), ("PERMISSION_REVOKE", "All permissions of bob revoked by alice", "alice")],
            host.Permissions.Events.Select(e => (e.Event.Event, e.Event.Description, e.Event.CreatedBy)));
    }

    [Theory]
    [InlineData("POST", "/pems/alice", """{"permission":"READ"}""")]
    [InlineData("POST", "/pems/alice", """{"permission":"NONE"}""")]
    [InlineData("POST", "/pems", """{"username":"alice","permission":""}""")]
    [InlineData("DELETE", "/pems/alice", null)]
    public async Task The_owner_cannot_lose_all(string method, string path, string? body)
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(owner: "alice");
        host.Queries.Jobs.Add(job);

        foreach (var token in new[] { host.Token(), host.Token(user: "root", roles: [AdminRole]) })
        {
            var (status, answer) = await SendAsync(host, host.Request(new HttpMethod(method), $"/jobs/v2/{job.Uuid}{path}", token,
                body is null ? null : Json(body)));

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("always has ALL", (string?)answer["message"], StringComparison.Ordinal);
        }

        var (get, owner) = await SendAsync(host, host.Request(HttpMethod.Get, $"/jobs/v2/{job.Uuid}/pems/alice", host.Token()));
        var (reaffirm, _) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}/pems/alice", host.Token(), Json("""{"permission":"ALL"}""")));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (get, reaffirm));
        Assert.Equal((true, true), ((bool)owner["result"]!["permission"]!["read"]!, (bool)owner["result"]!["permission"]!["write"]!));
        Assert.Empty(host.Permissions.Grants);
        Assert.Empty(host.Permissions.Events);
    }

    [Theory]
    [InlineData("""{"username":"bob","permission":"EXECUTE"}""", "permission must be one of READ, WRITE, READ_WRITE, ALL, NONE")]
    [InlineData("""{"username":"bob","permission":"READ; DROP TABLE aloe_jobs"}""", "permission must be one of")]
    [InlineData("""{"username":"bob"}""", "permission is required")]
    [InlineData("""{"username":"bob","permission":{"read":true}}""", "permission must be a string")]
    [InlineData("""{"username":"bob","permission":"READ","role":"admin"}""", "Unknown field 'role'")]
    [InlineData("""{"permission":"READ"}""", "username is required")]
    [InlineData("""{"username":"../../etc","permission":"READ"}""", "is not a user name")]
    [InlineData("""{"username":"..","permission":"READ"}""", "is not a user name")]
    [InlineData("""{"username":"bob\u0000x","permission":"READ"}""", "is not a user name")]
    [InlineData("""{"username":"bob\nx","permission":"READ"}""", "is not a user name")]
    [InlineData("""{"username":12,"permission":"READ"}""", "username must be a string")]
    [InlineData("""["bob","READ"]""", "must be an object")]
    [InlineData("""{"username":""", "not valid JSON")]
    public async Task Hostile_or_malformed_bodies_are_refused_naming_the_field(string body, string expected)
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(owner: "alice");
        host.Queries.Jobs.Add(job);

        var (status, answer) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}/pems", host.Token(), Json(body)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, (string?)answer["message"], StringComparison.Ordinal);
        Assert.Empty(host.Permissions.Grants);
    }

    [Fact]
    public async Task Long_names_other_media_types_and_a_body_user_that_differs_from_the_path_are_refused()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(owner: "alice");
        host.Queries.Jobs.Add(job);
        var path = $"/jobs/v2/{job.Uuid}/pems";

        var (longName, longBody) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token(),
            Json($$"""{"username":"{{new string('b', 65)}}","permission":"READ"}""")));
        var (longPath, _) = await SendAsync(host, host.Request(HttpMethod.Get, $"{path}/{new string('b', 65)}", host.Token()));
        var (control, _) = await SendAsync(host, host.Request(HttpMethod.Delete, $"{path}/bob%01", host.Token()));
        var (differs, differsBody) = await SendAsync(host, host.Request(HttpMethod.Post, $"{path}/bob", host.Token(),
            Json("""{"username":"carol","permission":"READ"}""")));
        var (xml, _) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token(),
            new StringContent("<pem/>", Encoding.UTF8, "application/xml")));
        var (repeated, repeatedBody) = await SendAsync(host, host.Request(HttpMethod.Post, path, host.Token(),
            new FormUrlEncodedContent([new("username", "bob"), new("permission", "READ"), new("permission", "ALL")])));

        Assert.Equal(HttpStatusCode.BadRequest, longName);
        Assert.Contains("at most 64", (string?)longBody["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, longPath);
        Assert.Equal(HttpStatusCode.BadRequest, control);
        Assert.Equal(HttpStatusCode.BadRequest, differs);
        Assert.Contains("differs from the user in the path", (string?)differsBody["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml);
        Assert.Equal(HttpStatusCode.BadRequest, repeated);
        Assert.Contains("permission is given 2 times", (string?)repeatedBody["message"], StringComparison.Ordinal);
        Assert.Empty(host.Permissions.Grants);
    }

    [Fact]
    public async Task A_form_body_grants_like_json_and_sql_metacharacters_are_only_text()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(owner: "alice");
        host.Queries.Jobs.Add(job);
        const string odd = "x' OR '1'='1";

        var (status, body) = await SendAsync(host, host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}/pems", host.Token(),
            new FormUrlEncodedContent([new("username", odd), new("permission", "READ_WRITE")])));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(odd, (string?)body["result"]!["username"]);
        Assert.EndsWith("/pems/x%27%20OR%20%271%27%3D%271", (string?)body["result"]!["_links"]!["self"]!["href"], StringComparison.Ordinal);
        var grant = Assert.Single(host.Permissions.Grants);
        Assert.Equal((odd, JobPermission.ReadWrite), (grant.Username, grant.Permission));
    }

    [Fact]
    public async Task Pems_of_a_job_nobody_may_see_is_404_for_every_method()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var accepted = TestJobs.Make(status: JobStatus.ACCEPTED);
        var hidden = TestJobs.Make() with { Visible = false };
        var otherTenant = TestJobs.Make(tenant: "other");
        host.Queries.Jobs.AddRange([accepted, hidden, otherTenant]);

        foreach (var id in new[] { accepted.Uuid.ToString(), hidden.Uuid.ToString(), otherTenant.Uuid.ToString(), "not-a-uuid", "%27%3B--" })
        {
            foreach (var (method, path) in new[] { ("GET", "/pems"), ("POST", "/pems"), ("DELETE", "/pems"), ("GET", "/pems/bob"), ("DELETE", "/pems/bob") })
            {
                var (status, _) = await SendAsync(host, host.Request(new HttpMethod(method), $"/jobs/v2/{id}{path}", host.Token(),
                    method == "POST" ? Json("""{"username":"bob","permission":"READ"}""") : null));
                Assert.True(status == HttpStatusCode.NotFound, $"{method} {id}{path}: {(int)status}");
            }
        }

        Assert.Empty(host.Permissions.Grants);
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
}
