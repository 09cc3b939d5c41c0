using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Notifications;

/// <summary>
/// <c>/notifications/v2</c> through the real service (docs/notifications.md, "The notifications API"): add, list, get,
/// attempts and delete for the job's owner and the tenant's admins; 404 for another user and another tenant (whatever
/// their role), 403 for a user the job is shared with; hostile and broken bodies refused by field with a 4xx.
/// </summary>
[NeedsServers]
public sealed class NotificationsApiTests(NotificationServiceFixture fixture) : IClassFixture<NotificationServiceFixture>
{
    [Fact]
    public async Task The_owner_and_a_tenant_admin_manage_a_jobs_notifications_and_nobody_else_sees_them()
    {
        var ownerName = Unique("alice");
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, ownerName);
        var id = await alice.SubmitOkAsync(new
        {
            name = "api",
            appId = E2eCatalog.SleepApp,
            archive = false,
            notifications = new object[] { new { @event = "RUNNING", url = "alice@aloe.test" } },
        });
        try
        {
            await alice.WaitForStatusAsync(id, status => status == "RUNNING", TimeSpan.FromSeconds(90), "RUNNING");
            var listed = await alice.GetAsync($"notifications/v2?associatedUuid={id}");
            Assert.Equal(HttpStatusCode.OK, listed.Status);
            var fromSubmission = Assert.Single(listed.Result.EnumerateArray());
            Assert.Equal(("RUNNING", "alice@aloe.test", false, id), (
                fromSubmission.GetProperty("event").GetString(), fromSubmission.GetProperty("url").GetString(),
                fromSubmission.GetProperty("persistent").GetBoolean(), fromSubmission.GetProperty("associatedUuid").GetString()));
            Assert.Equal("IMMEDIATE", fromSubmission.GetProperty("policy").GetProperty("retryStrategy").GetString());
            // The job's _links.notifications leads to the same list.
            var link = (await alice.GetJobAsync(id)).Result.GetProperty("_links").GetProperty("notifications").GetProperty("href").GetString()!;
            var followed = await alice.GetAsync(new Uri(link).PathAndQuery.TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, followed.Status);
            Assert.Equal(fromSubmission.GetProperty("id").GetString(), Assert.Single(followed.Result.EnumerateArray()).GetProperty("id").GetString());

            var added = await PostJsonAsync(alice, "notifications/v2", new
            {
                associatedUuid = id, @event = "finished", url = "https://hooks.example.org/${JOB_ID}", persistent = true,
                policy = new { retryStrategy = "EXPONENTIAL", retryLimit = 10 },
            });
            Assert.Equal(HttpStatusCode.Created, added.Status);
            var addedId = added.Result.GetProperty("id").GetString()!;
            Assert.EndsWith($"/notifications/v2/{addedId}", added.Location?.ToString(), StringComparison.Ordinal);
            Assert.Equal("FINISHED", added.Result.GetProperty("event").GetString());
            Assert.Equal(10, added.Result.GetProperty("policy").GetProperty("retryLimit").GetInt32());
            Assert.EndsWith($"/jobs/v2/{id}", added.Result.GetProperty("_links").GetProperty("job").GetProperty("href").GetString(), StringComparison.Ordinal);

            using var admin = fixture.Service.ClientFor(E2eCatalog.Tenant, Unique("root"), "Internal/aloe-admin");
            Assert.Equal(2, (await admin.GetAsync($"notifications/v2?associatedUuid={id}")).Result.GetArrayLength());
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"notifications/v2/{addedId}")).Status);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"notifications/v2/{addedId}/attempts")).Status);

            using var bob = fixture.Service.ClientFor(E2eCatalog.Tenant, Unique("bob"));
            using var sameNameElsewhere = fixture.Service.ClientFor("other", ownerName);
            using var otherAdmin = fixture.Service.ClientFor("other", Unique("root"), "Internal/aloe-admin");
            foreach (var (who, client) in new[] { ("another user", bob), ("the owner's name in another tenant", sameNameElsewhere), ("another tenant's admin", otherAdmin) })
            {
                Assert.True((await client.GetAsync($"notifications/v2?associatedUuid={id}")).Status == HttpStatusCode.NotFound, who);
                Assert.True((await client.GetAsync($"notifications/v2/{addedId}")).Status == HttpStatusCode.NotFound, who);
                Assert.True((await client.GetAsync($"notifications/v2/{addedId}/attempts")).Status == HttpStatusCode.NotFound, who);
                Assert.True((await client.DeleteAsync($"notifications/v2/{addedId}")).Status == HttpStatusCode.NotFound, who);
                Assert.True((await client.PostAsync($"notifications/v2/{addedId}/redeliver")).Status == HttpStatusCode.NotFound, who);
                var foreignAdd = await PostJsonAsync(client, "notifications/v2", new { associatedUuid = id, @event = "*", url = "https://evil.example.org/" });
                Assert.True(foreignAdd.Status == HttpStatusCode.NotFound, $"{who}: {foreignAdd}");
            }

            var reader = Unique("carol");
            Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(alice, $"jobs/v2/{id}/pems", new { username = reader, permission = "READ_WRITE" })).Status);
            using var carol = fixture.Service.ClientFor(E2eCatalog.Tenant, reader);
            Assert.Equal(HttpStatusCode.OK, (await carol.GetJobAsync(id)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await carol.GetAsync($"notifications/v2?associatedUuid={id}")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await carol.GetAsync($"notifications/v2/{addedId}")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostJsonAsync(carol, "notifications/v2", new { associatedUuid = id, @event = "*", url = "https://x.example.org/" })).Status);

            using var anonymous = new JobsClient(fixture.Service.BaseAddress, token: null);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"notifications/v2/{addedId}")).Status);

            Assert.Equal(HttpStatusCode.OK, (await alice.DeleteAsync($"notifications/v2/{addedId}")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"notifications/v2/{addedId}")).Status);
            Assert.Single((await alice.GetAsync($"notifications/v2?associatedUuid={id}")).Result.EnumerateArray());
        }
        finally
        {
            await alice.CancelAsync(id);
        }
    }

    [Theory]
    [InlineData("""{"event":"*","url":"https://h.example.org/"}""", "associatedUuid")]
    [InlineData("""{"associatedUuid":7,"event":"*","url":"https://h.example.org/"}""", "associatedUuid")]
    [InlineData("""{"associatedUuid":"JOB","event":"DONE","url":"https://h.example.org/"}""", "notification.event")]
    [InlineData("""{"associatedUuid":"JOB","event":"*","url":"ftp://h.example.org/"}""", "notification.url")]
    [InlineData("""{"associatedUuid":"JOB","event":"*","url":"file:///etc/passwd"}""", "notification.url")]
    [InlineData("""{"associatedUuid":"JOB","event":"*","url":"https://h.example.org/","policy":{"retryLimit":99999}}""", "notification.policy.retryLimit")]
    [InlineData("""{"associatedUuid":"JOB","event":"*","url":"https://h.example.org/","policy":{"retryStrategy":"SOON"}}""", "notification.policy.retryStrategy")]
    [InlineData("""{"associatedUuid":"JOB","event":"*","url":"https://h.example.org/","owner":"mallory"}""", "notification.owner")]
    [InlineData("""{"associatedUuid":"JOB","event":"*","url":"https://h.example.org/","persistent":"yes"}""", "notification.persistent")]
    [InlineData("""[1,2]""", "JSON object")]
    [InlineData("""{"associatedUuid":""", "not valid JSON")]
    public async Task A_broken_notification_is_refused_naming_the_field(string body, string named)
    {
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, Unique("alice"));
        var id = await alice.SubmitOkAsync(new { name = "api", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "x" } });
        await alice.WaitForTerminalAsync(id, TimeSpan.FromSeconds(90));

        var answer = await alice.SendRawAsync(HttpMethod.Post, "notifications/v2",
            new StringContent(body.Replace("JOB", id, StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Contains(named, answer.Message, StringComparison.Ordinal);
        Assert.Empty((await alice.GetAsync($"notifications/v2?associatedUuid={id}")).Result.EnumerateArray());
    }

    [Fact]
    public async Task Unknown_ids_and_missing_parameters_are_4xx_never_500()
    {
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, Unique("alice"));

        Assert.Equal(HttpStatusCode.BadRequest, (await alice.GetAsync("notifications/v2")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"notifications/v2?associatedUuid={Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync("notifications/v2?associatedUuid=..%2F..%2Fetc")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"notifications/v2/{Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync("notifications/v2/not-a-uuid")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.DeleteAsync($"notifications/v2/{Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.GetAsync($"notifications/v2?associatedUuid={Guid.NewGuid()}&limit=0")).Status);
        var unknownJob = await PostJsonAsync(alice, "notifications/v2", new { associatedUuid = Guid.NewGuid().ToString(), @event = "*", url = "a@aloe.test" });
        Assert.Equal(HttpStatusCode.NotFound, unknownJob.Status);
        var wrongType = await alice.SendRawAsync(HttpMethod.Post, "notifications/v2", new StringContent("event=*", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.Status);
    }

    private static Task<ApiResponse> PostJsonAsync(JobsClient client, string path, object body) =>
        client.SendRawAsync(HttpMethod.Post, path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
