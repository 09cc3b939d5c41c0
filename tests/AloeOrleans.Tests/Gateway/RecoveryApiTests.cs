using System.Net;
using System.Text.Json.Nodes;
using AloeOrleans.Grains.Recovery;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

/// <summary>
/// <c>GET /jobs/v2/recovery</c> and <c>/jobs/v2/recovery/{groupId}</c> over HTTP with an in-memory read side: only a
/// tenant's admins see its groups, the tenant always comes from the token, and every hostile parameter is a 400 naming
/// it before anything is read.
/// </summary>
public sealed class RecoveryApiTests : IAsyncLifetime
{
    private const string AdminRole = "Internal/aloe-admin";
    private const string GroupId = "TRANSMISSION_FAILURE-0123456789abcdef";
    private static readonly DateTimeOffset Blocked = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private GatewayTestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await GatewayTestHost.StartAsync();
        host.Recovery.Groups.Add(("dev", Group("dev/TRANSMISSION_FAILURE/0123456789abcdef", jobs: 3)));
        host.Recovery.Groups.Add(("dev", Group("dev/SSH_CONNECTION_FAILURE/fedcba9876543210", jobs: 1)));
        host.Recovery.Groups.Add(("lab", Group("lab/TRANSMISSION_FAILURE/0123456789abcdef", jobs: 2)));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_tenant_admin_lists_the_groups_of_their_tenant_only()
    {
        var (status, body) = await GetAsync("/jobs/v2/recovery", host.Token("dev", "root", [AdminRole]));

        Assert.Equal(HttpStatusCode.OK, status);
        var groups = body["result"]!.AsArray();
        Assert.Equal([GroupId, "SSH_CONNECTION_FAILURE-fedcba9876543210"], groups.Select(group => (string?)group!["id"]));
        var first = groups[0]!;
        Assert.Equal("TRANSMISSION_FAILURE", (string?)first["condition"]);
        Assert.Equal("InputServer", (string?)first["tester"]);
        Assert.Equal("http://files.example.org:8901", (string?)first["testerParameters"]);
        Assert.Equal("STEPWISE_BACKOFF, max 2.00:00:00", (string?)first["policy"]);
        Assert.Equal((2, 3, 2), ((int)first["attempts"]!, (int)first["jobCount"]!, (int)first["waitingJobCount"]!));
        Assert.Equal("2026-11-28T09:00:00.000+00:00", (string?)first["firstBlocked"]);
        Assert.Equal("2026-11-28T09:00:20.000+00:00", (string?)first["lastTest"]);
        Assert.Equal("2026-11-28T09:00:40.000+00:00", (string?)first["nextTest"]);
        Assert.Equal("http://files.example.org:8901 does not answer: refused", (string?)first["lastResult"]);
        Assert.Null(first["jobs"]);
        Assert.EndsWith($"/jobs/v2/recovery/{GroupId}", (string?)first["_links"]!["self"]!["href"], StringComparison.Ordinal);
        Assert.Equal(["list dev 100 0"], host.Recovery.Asked);
    }

    [Fact]
    public async Task An_admin_listed_in_the_tenant_admins_table_sees_one_group_with_a_page_of_its_jobs()
    {
        host.Admins.Admins.Add(("dev", "carol"));

        var (status, body) = await GetAsync($"/jobs/v2/recovery/{GroupId}?limit=2&offset=1", host.Token("dev", "carol"));

        Assert.Equal(HttpStatusCode.OK, status);
        var group = body["result"]!;
        Assert.Equal(GroupId, (string?)group["id"]);
        var jobs = group["jobs"]!.AsArray();
        Assert.Equal([Job(1).ToString(), Job(2).ToString()], jobs.Select(job => (string?)job!["id"]));
        Assert.Equal("STAGING_INPUTS", (string?)jobs[0]!["blockedIn"]);
        Assert.Null((string?)jobs[0]!["resumingSince"]);
        Assert.Equal("2026-11-28T09:00:30.000+00:00", (string?)jobs[1]!["resumingSince"]);
        Assert.EndsWith($"/jobs/v2/{Job(1)}", (string?)jobs[0]!["_links"]!["self"]!["href"], StringComparison.Ordinal);
        Assert.Equal(["find dev dev/TRANSMISSION_FAILURE/0123456789abcdef 2 1"], host.Recovery.Asked);
    }

    [Fact]
    public async Task Another_tenants_admin_sees_none_of_them_and_a_known_group_id_is_not_found()
    {
        var token = host.Token("other", "root", [AdminRole]);

        var (listed, list) = await GetAsync("/jobs/v2/recovery", token);
        var (found, one) = await GetAsync($"/jobs/v2/recovery/{GroupId}", token);

        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Empty(list["result"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, found);
        Assert.Contains($"No recovery group with id '{GroupId}' exists in your tenant", (string?)one["message"], StringComparison.Ordinal);
        // The id never chooses the tenant: the key asked for is the caller's.
        Assert.Equal(["list other 100 0", "find other other/TRANSMISSION_FAILURE/0123456789abcdef 100 0"], host.Recovery.Asked);
    }

    [Theory]
    [InlineData("/jobs/v2/recovery")]
    [InlineData("/jobs/v2/recovery/" + GroupId)]
    [InlineData("/jobs/v2/recovery/not-an-id?limit=-1")]
    public async Task An_ordinary_user_is_refused_before_anything_is_read(string path)
    {
        var (status, body) = await GetAsync(path, host.Token("dev", "alice", ["Internal/subscriber"]));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Only administrators of tenant dev may see its recovery groups; alice is not one.", (string?)body["message"]);
        Assert.Empty(host.Recovery.Asked);
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        var (status, _) = await GetAsync("/jobs/v2/recovery", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Theory]
    [InlineData("/jobs/v2/recovery?limit=-1", "limit must be an integer from 1 to 100")]
    [InlineData("/jobs/v2/recovery?limit=0", "limit must be an integer from 1 to 100")]
    [InlineData("/jobs/v2/recovery?limit=abc", "limit must be an integer from 1 to 100")]
    [InlineData("/jobs/v2/recovery?limit=1.5", "limit must be an integer from 1 to 100")]
    [InlineData("/jobs/v2/recovery?limit=99999999999999999999", "limit must be an integer from 1 to 100")]
    [InlineData("/jobs/v2/recovery?limit=1%3BDROP%20TABLE%20aloe_jobs", "limit must be an integer from 1 to 100")]
    [InlineData("/jobs/v2/recovery?limit=", "limit must be an integer from 1 to 100")]
    [InlineData("/jobs/v2/recovery?offset=-5", "offset must be an integer of 0 or more")]
    [InlineData("/jobs/v2/recovery?offset=x", "offset must be an integer of 0 or more")]
    [InlineData("/jobs/v2/recovery?offset=99999999999", "offset must be an integer of 0 or more")]
    [InlineData("/jobs/v2/recovery?limit=5&offset=%27%20OR%201%3D1--", "offset must be an integer of 0 or more")]
    [InlineData("/jobs/v2/recovery?tenant=other", "Parameter 'tenant' is not supported here")]
    [InlineData("/jobs/v2/recovery?condition=SSH_CONNECTION_FAILURE", "Parameter 'condition' is not supported here")]
    [InlineData("/jobs/v2/recovery/" + GroupId + "?offset=-1", "offset must be an integer of 0 or more")]
    [InlineData("/jobs/v2/recovery/" + GroupId + "?limit=huge", "limit must be an integer from 1 to 100")]
    [InlineData("/jobs/v2/recovery/..%2F..%2Fetc%2Fpasswd", "groupId: a recovery group id is CONDITION-<16 hex digits>")]
    [InlineData("/jobs/v2/recovery/dev%2FTRANSMISSION_FAILURE%2F0123456789abcdef", "groupId: a recovery group id is CONDITION-<16 hex digits>")]
    [InlineData("/jobs/v2/recovery/%27%20OR%20%271%27%3D%271", "groupId: a recovery group id is CONDITION-<16 hex digits>")]
    [InlineData("/jobs/v2/recovery/transmission_failure-0123456789abcdef", "groupId: a recovery group id is CONDITION-<16 hex digits>")]
    [InlineData("/jobs/v2/recovery/TRANSMISSION_FAILURE-0123456789ABCDEF", "groupId: a recovery group id is CONDITION-<16 hex digits>")]
    [InlineData("/jobs/v2/recovery/TRANSMISSION_FAILURE-0123456789abcdef0", "groupId: a recovery group id is CONDITION-<16 hex digits>")]
    public async Task A_hostile_parameter_is_a_400_naming_it_and_nothing_is_read(string path, string message)
    {
        var (status, body) = await GetAsync(path, host.Token("dev", "root", [AdminRole]));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(message, (string?)body["message"], StringComparison.Ordinal);
        Assert.Empty(host.Recovery.Asked);
    }

    [Fact]
    public async Task A_nul_character_in_the_path_is_refused_by_the_server_itself_with_400()
    {
        using var response = await host.Client.SendAsync(host.Request(HttpMethod.Get, $"/jobs/v2/recovery/{GroupId}%00",
            host.Token("dev", "root", [AdminRole])));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Recovery.Asked);
    }

    [Fact]
    public async Task An_over_long_group_id_is_a_400_quoting_only_its_start()
    {
        var id = new string('A', 5000) + "-0123456789abcdef";

        var (status, body) = await GetAsync($"/jobs/v2/recovery/{id}", host.Token("dev", "root", [AdminRole]));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = (string?)body["message"] ?? "";
        Assert.StartsWith("groupId: ", message, StringComparison.Ordinal);
        Assert.Contains($"not '{new string('A', 80)}…'", message, StringComparison.Ordinal);
        Assert.True(message.Length < 300, message);
    }

    [Fact]
    public async Task A_limit_above_the_maximum_is_reduced_like_every_list_and_a_far_offset_is_an_empty_page()
    {
        var token = host.Token("dev", "root", [AdminRole]);

        var (big, _) = await GetAsync("/jobs/v2/recovery?limit=100000", token);
        var (far, page) = await GetAsync("/jobs/v2/recovery?offset=2147483647", token);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (big, far));
        Assert.Empty(page["result"]!.AsArray());
        Assert.Equal(["list dev 100 0", "list dev 100 2147483647"], host.Recovery.Asked);
    }

    [Fact]
    public async Task A_jobs_own_routes_are_untouched_by_the_literal_segment()
    {
        var (status, body) = await GetAsync($"/jobs/v2/{Guid.NewGuid()}", host.Token("dev", "root", [AdminRole]));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("No job with id", (string?)body["message"], StringComparison.Ordinal);
    }

    private static Guid Job(int n) => Guid.Parse($"00000000-0000-4000-8000-{n:000000000000}");

    private static RecoveryGroupView Group(string key, int jobs) => new(
        key, key.Split('/')[1], key.Contains("TRANSMISSION", StringComparison.Ordinal) ? "InputServer" : "Ssh",
        key.Contains("TRANSMISSION", StringComparison.Ordinal) ? "http://files.example.org:8901" : "hpc login",
        "STEPWISE_BACKOFF, max 2.00:00:00", Blocked, 2, Blocked.AddSeconds(20), Blocked.AddSeconds(40),
        "http://files.example.org:8901 does not answer: refused", jobs, jobs == 3 ? 2 : jobs,
        Enumerable.Range(0, jobs).Select(n => new RecoveryGroupJob(Job(n), "STAGING_INPUTS", Blocked.AddSeconds(n),
            n == 2 ? Blocked.AddSeconds(30) : null)).ToList());

    private async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string path, string? token)
    {
        using var response = await host.Client.SendAsync(host.Request(HttpMethod.Get, path, token));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, text);
        return (response.StatusCode, JsonNode.Parse(text)!);
    }
}
