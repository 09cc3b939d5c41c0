using System.Net;
using Xunit;
using static AloeOrleans.Tests.EndToEnd.Queues.QueueImport;

namespace AloeOrleans.Tests.EndToEnd.Queues;

/// <summary>
/// Who sees the queues (docs/api.md, "Tenant queues"): tenant admins, by role or by <c>./aloe tenant-admins</c>
/// (applied within seconds though the service caches admin lists for 10 minutes here); never an ordinary user, never
/// another tenant, never without a token; hostile names are answered 404.
/// </summary>
[NeedsServers]
[Collection(QueuesCollection.Name)]
public sealed class TenantQueuesAccessTests(QueuesServiceFixture fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Tenant_admins_command_grants_and_takes_back_the_queue_view_within_seconds()
    {
        var service = fixture.Service;
        using var dana = service.ClientFor(E2eCatalog.Tenant, "dana");
        var refused = await dana.GetAsync("jobs/v2/queues");
        Assert.True(refused.Status == HttpStatusCode.Forbidden, refused.ToString());
        Assert.Contains("Only administrators of tenant dev may see its queues; dana is not one.", refused.Message, StringComparison.Ordinal);

        var added = await TenantAdminsAsync(service, "add", "--tenant", "dev", "--user", "dana");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Equal("added dana to the administrators of tenant dev\n", added.Output);
        await StatusWithinAsync(dana, HttpStatusCode.OK);
        Assert.Equal("dana\n", (await TenantAdminsAsync(service, "list", "--tenant", "dev")).Output);
        Assert.Equal("", (await TenantAdminsAsync(service, "list", "--tenant", "other")).Output);

        var removed = await TenantAdminsAsync(service, "remove", "--tenant", "dev", "--user", "dana");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        await StatusWithinAsync(dana, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("--tenant", "dev")]
    [InlineData("add", "--tenant", "dev")]
    [InlineData("add", "--tenant", "dev", "--user", "..")]
    [InlineData("add", "--tenant", "", "--user", "x")]
    [InlineData("list", "--tenant", "dev", "--user", "x")]
    [InlineData("delete", "--tenant", "dev", "--user", "x")]
    [InlineData("add", "--tenant", "dev", "--user", "u12345678901234567890123456789012345678901234567890123456789012345")]
    [InlineData("add", "--tenant", "../etc", "--user", "alice")]
    public async Task Tenant_admins_command_refuses_bad_arguments(params string[] args)
    {
        var outcome = await TenantAdminsAsync(fixture.Service, args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("usage: tenant-admins", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_tenants_admin_sees_only_their_own_queues()
    {
        var service = fixture.Service;
        await ImportOkAsync(service, Queue("DefaultQueue", 1, "TRUE"), Queue("secret", 10, "owner = 'alice'"));
        using var stranger = service.ClientFor("other", "mallory", "Internal/aloe-admin");

        var list = await stranger.GetAsync("jobs/v2/queues");
        Assert.True(list.Status == HttpStatusCode.OK, list.ToString());
        var names = list.Result.EnumerateArray().Select(queue => queue.GetProperty("name").GetString()).ToList();
        Assert.Equal(["aloe.jobq.other.submit.DefaultQueue"], names);

        foreach (var name in new[] { Name("secret"), Name("DefaultQueue"), "aloe.jobq.other.submit.secret" })
        {
            var one = await stranger.GetAsync($"jobs/v2/queues/{Uri.EscapeDataString(name)}");
            Assert.True(one.Status == HttpStatusCode.NotFound, $"{name}: {one}");
        }

        using var admin = service.ClientFor(E2eCatalog.Tenant, "root", "Internal/aloe-admin");
        var mine = await admin.GetAsync($"jobs/v2/queues/{Name("secret")}");
        Assert.True(mine.Status == HttpStatusCode.OK, mine.ToString());
        Assert.Equal(("owner = 'alice'", 10, false), (mine.Result.GetProperty("filter").GetString(), mine.Result.GetProperty("priority").GetInt32(),
            mine.Result.GetProperty("default").GetBoolean()));
    }

    [Theory]
    [InlineData("jobs/v2/queues/..%2F..%2Fetc%2Fpasswd", HttpStatusCode.NotFound)]
    [InlineData("jobs/v2/queues/aloe.jobq.dev.submit.x'%20OR%20'1'='1", HttpStatusCode.NotFound)]
    [InlineData("jobs/v2/queues/aloe.jobq.dev.submit.DefaultQueue%20", HttpStatusCode.NotFound)]
    // Kestrel itself refuses a NUL in the path, before any route runs.
    [InlineData("jobs/v2/queues/aloe.jobq.dev%00.submit.x", HttpStatusCode.BadRequest)]
    public async Task Hostile_queue_names_are_refused(string path, HttpStatusCode expected)
    {
        using var admin = fixture.Service.ClientFor(E2eCatalog.Tenant, "root", "Internal/aloe-admin");
        var response = await admin.GetAsync(path);
        Assert.True(response.Status == expected, response.ToString());
    }

    [Fact]
    public async Task A_huge_queue_name_is_not_found()
    {
        using var admin = fixture.Service.ClientFor(E2eCatalog.Tenant, "root", "Internal/aloe-admin");
        var response = await admin.GetAsync($"jobs/v2/queues/aloe.jobq.dev.submit.{new string('q', 5000)}");
        Assert.True(response.Status == HttpStatusCode.NotFound, response.ToString());
        Assert.True(response.Message.Length < 300, "the refusal quotes the name back in full");
    }

    [Fact]
    public async Task Without_a_token_or_with_an_unknown_parameter_nothing_is_shown()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Service.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("jobs/v2/queues")).StatusCode);

        using var admin = fixture.Service.ClientFor(E2eCatalog.Tenant, "root", "Internal/aloe-admin");
        var unknown = await admin.GetAsync("jobs/v2/queues?owner=alice");
        Assert.True(unknown.Status == HttpStatusCode.BadRequest, unknown.ToString());
        Assert.Contains("'owner' is not supported", unknown.Message, StringComparison.Ordinal);
    }

    private static async Task StatusWithinAsync(JobsClient client, HttpStatusCode expected)
    {
        var deadline = DateTimeOffset.UtcNow + Within;
        while (true)
        {
            var response = await client.GetAsync("jobs/v2/queues");
            if (response.Status == expected)
            {
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"still {response} after {Within.TotalSeconds} s, expected {(int)expected}");
            await Task.Delay(200);
        }
    }
}
