using System.Net;
using System.Text.Json;
using AloeOrleans.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Recovery.RecoveryServiceFixture;

namespace AloeOrleans.Tests.EndToEnd.Recovery;

/// <summary>
/// Jobs that really block, seen through the admin API of the real service: inputs on an http server that is down put
/// the jobs in BLOCKED, in one recovery group per tenant and server; a tenant's admins see their tenant's group with its
/// jobs, nobody else does; the server comes up, the group's test passes, the jobs finish and the group empties.
/// </summary>
[NeedsServers]
public sealed class RecoveryGroupsApiTests(RecoveryServiceFixture fixture, ITestOutputHelper output) : IClassFixture<RecoveryServiceFixture>
{
    private static readonly TimeSpan BlockWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FinishWithin = TimeSpan.FromSeconds(90);

    /// <summary>A group deletes itself at its first reminder tick (each minute) after its last job left.</summary>
    private static readonly TimeSpan EmptyWithin = TimeSpan.FromSeconds(100);

    private AloeServiceProcess Service => fixture.Service;

    [Fact]
    public async Task Jobs_blocked_on_a_down_input_server_wait_in_one_group_only_their_tenants_admins_see_until_the_server_answers()
    {
        var (port, labPort) = (TestPorts.Free(), TestPorts.Free());
        var server = $"http://127.0.0.1:{port}";
        using var alice = Service.ClientFor(Tenant, "alice");
        using var bob = Service.ClientFor(Tenant, "bob");
        using var carol = Service.ClientFor(OtherTenant, "carol");
        using var devAdmin = Service.ClientFor(Tenant, "root", AdminRole);
        using var labAdmin = Service.ClientFor(OtherTenant, "root", AdminRole);
        using var strangerAdmin = Service.ClientFor("stranger", "root", AdminRole);

        // The query string stands for a signed URL's secret: it must never reach the group.
        var first = await alice.SubmitOkAsync(new { name = "rec-a", appId = "wc-1.0", archive = false,
            inputs = new { inputFile = $"{server}/words.txt?signature=s3cr3t" }, parameters = new { mode = "words" } });
        var second = await bob.SubmitOkAsync(new { name = "rec-b", appId = "wc-1.0", archive = false,
            inputs = new { inputFile = $"{server}/other.txt" }, parameters = new { mode = "words" } });
        var labJob = await carol.SubmitOkAsync(new { name = "rec-lab", appId = "wc-1.0", archive = false,
            inputs = new { inputFile = $"http://127.0.0.1:{labPort}/words.txt" } });
        await alice.WaitForStatusAsync(first, status => status == "BLOCKED", BlockWithin, "BLOCKED");
        await bob.WaitForStatusAsync(second, status => status == "BLOCKED", BlockWithin, "BLOCKED");
        await carol.WaitForStatusAsync(labJob, status => status == "BLOCKED", BlockWithin, "BLOCKED");

        // dev's admin: one group for the server, both jobs in it, tested at least once.
        var group = await WaitForGroupAsync(devAdmin, server, g => g.GetProperty("jobCount").GetInt32() == 2 && g.GetProperty("attempts").GetInt32() >= 1,
            "two jobs and a test made");
        output.WriteLine(group.ToString());
        var id = group.GetProperty("id").GetString()!;
        Assert.Matches("^TRANSMISSION_FAILURE-[0-9a-f]{16}$", id);
        Assert.Equal(("TRANSMISSION_FAILURE", "InputServer"), (Str(group, "condition"), Str(group, "tester")));
        Assert.Equal("CONSTANT_BACKOFF, max 00:10:00", Str(group, "policy"));
        Assert.Equal(2, group.GetProperty("waitingJobCount").GetInt32());
        Assert.Contains($"{server} does not answer", Str(group, "lastResult"), StringComparison.Ordinal);
        Assert.All(new[] { "firstBlocked", "lastTest", "nextTest" }, field => Assert.Equal(JsonValueKind.String, group.GetProperty(field).ValueKind));
        var detail = await devAdmin.GetAsync($"jobs/v2/recovery/{id}");
        Assert.True(detail.Status == HttpStatusCode.OK, detail.ToString());
        var jobs = detail.Result.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(new[] { first, second }.Order(), jobs.Select(job => Str(job, "id")).Order());
        Assert.All(jobs, job => Assert.Equal("STAGING_INPUTS", Str(job, "blockedIn")));
        Assert.DoesNotContain("s3cr3t", detail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("words.txt", detail.Text, StringComparison.Ordinal);

        // Another tenant's admin sees their own group only, and dev's id is not found there; a tenant without groups
        // sees none; an ordinary user is refused.
        var labGroups = await ListAsync(labAdmin);
        Assert.Equal([$"http://127.0.0.1:{labPort}"], labGroups.Select(g => Str(g, "testerParameters")));
        Assert.DoesNotContain(id, labGroups.Select(g => Str(g, "id")));
        Assert.Equal(HttpStatusCode.NotFound, (await labAdmin.GetAsync($"jobs/v2/recovery/{id}")).Status);
        Assert.Empty(await ListAsync(strangerAdmin));
        Assert.Equal(HttpStatusCode.NotFound, (await strangerAdmin.GetAsync($"jobs/v2/recovery/{id}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("jobs/v2/recovery")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync($"jobs/v2/recovery/{id}")).Status);

        // The server comes up: the next test asks its root, passes, and the jobs go back to staging and finish.
        await using var files = await TestHttpFileServer.StartAsync(port);
        files.Add("words.txt", "one two three\nfour five\n"u8.ToArray());
        files.Add("other.txt", "six\n"u8.ToArray());
        Assert.Equal("FINISHED", await alice.WaitForTerminalAsync(first, FinishWithin));
        Assert.Equal("FINISHED", await bob.WaitForTerminalAsync(second, FinishWithin));
        Assert.Contains("", files.Requests);

        var history = await alice.DescribeHistoryAsync(first);
        Assert.Contains("blocked: TRANSMISSION_FAILURE, Input inputFile", history, StringComparison.Ordinal);
        Assert.Contains("unblocked: TRANSMISSION_FAILURE cleared; back to STAGING_INPUTS.", history, StringComparison.Ordinal);
        Assert.Equal(1, (await alice.GetJobAsync(first)).Result.GetProperty("blockedCount").GetInt32());
        await WaitUntilGoneOrEmptyAsync(devAdmin, id);

        // The lab job still waits on its own server, which never came up; cancelled, it leaves its group.
        Assert.Equal("BLOCKED", Str((await carol.GetStatusAsync(labJob)).Result, "status"));
        Assert.Equal(HttpStatusCode.OK, (await carol.CancelAsync(labJob)).Status);
    }

    [Theory]
    [InlineData("jobs/v2/recovery?limit=-1", "limit must be")]
    [InlineData("jobs/v2/recovery?offset=99999999999", "offset must be")]
    [InlineData("jobs/v2/recovery?limit=1%27%3B%20DROP%20TABLE%20aloe_recovery_groups%3B--", "limit must be")]
    [InlineData("jobs/v2/recovery/%27%3B%20DELETE%20FROM%20aloe_recovery_jobs%3B--", "groupId: ")]
    [InlineData("jobs/v2/recovery/..%2F..%2Fjobs%2Fv2", "groupId: ")]
    public async Task Hostile_values_are_refused_naming_the_parameter_by_the_real_service(string path, string message)
    {
        using var admin = Service.ClientFor(Tenant, "root", AdminRole);

        var response = await admin.GetAsync(path);

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.StartsWith(message, response.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("jobs/v2/recovery")).Status);
    }

    [Fact]
    public async Task A_well_formed_id_of_no_group_is_404_and_a_long_one_is_400()
    {
        using var admin = Service.ClientFor(Tenant, "root", AdminRole);

        var missing = await admin.GetAsync("jobs/v2/recovery/SSH_CONNECTION_FAILURE-0123456789abcdef");
        var longId = await admin.GetAsync($"jobs/v2/recovery/{new string('A', 2000)}-0123456789abcdef");

        Assert.True(missing.Status == HttpStatusCode.NotFound, missing.ToString());
        Assert.True(longId.Status == HttpStatusCode.BadRequest, longId.ToString());
        Assert.StartsWith("groupId: ", longId.Message, StringComparison.Ordinal);
    }

    private static string Str(JsonElement element, string name) => element.GetProperty(name).GetString() ?? "";

    private static async Task<IReadOnlyList<JsonElement>> ListAsync(JobsClient admin)
    {
        var response = await admin.GetAsync("jobs/v2/recovery");
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response.Result.EnumerateArray().ToList();
    }

    private async Task<JsonElement> WaitForGroupAsync(JobsClient admin, string server, Func<JsonElement, bool> accept, string what)
    {
        var deadline = DateTimeOffset.UtcNow + BlockWithin;
        while (true)
        {
            var groups = await ListAsync(admin);
            var group = groups.Where(g => Str(g, "testerParameters") == server).ToList();
            if (group.Count == 1 && accept(group[0]))
            {
                return group[0];
            }

            Assert.True(group.Count <= 1, $"more than one group for {server}: {string.Join(", ", groups)}");
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"No group for {server} with {what} within {BlockWithin.TotalSeconds:0} s: " +
                                           $"{string.Join(", ", groups)}\n{Service.Diagnostics()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private async Task WaitUntilGoneOrEmptyAsync(JobsClient admin, string id)
    {
        var deadline = DateTimeOffset.UtcNow + EmptyWithin;
        while (true)
        {
            var response = await admin.GetAsync($"jobs/v2/recovery/{id}");
            if (response.Status == HttpStatusCode.NotFound
                || (response.Status == HttpStatusCode.OK && response.Result.GetProperty("jobCount").GetInt32() == 0))
            {
                return;
            }

            Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Group {id} still holds jobs after {EmptyWithin.TotalSeconds:0} s: {response}\n{Service.Diagnostics()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
