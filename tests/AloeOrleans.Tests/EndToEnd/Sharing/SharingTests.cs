using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Sharing;

/// <summary>
/// Job sharing through the real service and PostgreSQL (docs/api.md, "Sharing a job"): READ shows a job to another user
/// of the tenant (get, status, history, pems, the list) but refuses changes with 403, WRITE lets them cancel, a revoke
/// makes the job "not found" again; the owner keeps ALL; another tenant's user of the same name sees nothing. Users are
/// named per test so that lists of the shared service hold only this test's jobs.
/// </summary>
[NeedsServers]
[Collection(EndToEndCollection.Name)]
public sealed class SharingTests(SharedServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Read_shows_the_job_but_refuses_changes_write_allows_cancel_and_a_revoke_hides_it_again()
    {
        var service = fixture.Service;
        var (ownerName, readerName) = (Unique("alice"), Unique("bob"));
        using var alice = service.ClientFor(E2eCatalog.Tenant, ownerName);
        using var bob = service.ClientFor(E2eCatalog.Tenant, readerName);
        var id = await alice.SubmitOkAsync(new { name = "shared", appId = E2eCatalog.SleepApp, archive = false });
        try
        {
            await alice.WaitForStatusAsync(id, status => status == "RUNNING", JobTimeout, "RUNNING");
            Assert.Equal(HttpStatusCode.NotFound, (await bob.GetJobAsync(id)).Status);
            Assert.Empty(Ids(await bob.ListAsync()));

            var grant = await PostJsonAsync(alice, $"jobs/v2/{id}/pems", new { username = readerName, permission = "READ" });
            Assert.True(grant.Status == HttpStatusCode.Created, $"grant READ: {grant}");
            Assert.Equal((true, false), Flags(grant.Result));
            Assert.EndsWith($"/jobs/v2/{id}/pems/{readerName}", grant.Location?.ToString(), StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.OK, (await bob.GetJobAsync(id)).Status);
            Assert.Equal("RUNNING", (await bob.GetStatusAsync(id)).Result.GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, (await bob.GetHistoryAsync(id)).Status);
            Assert.Equal([id], Ids(await bob.ListAsync()));
            var pems = await bob.GetAsync($"jobs/v2/{id}/pems");
            Assert.Equal([(ownerName, true, true), (readerName, true, false)],
                pems.Result.EnumerateArray().Select(item => (item.GetProperty("username").GetString()!, Flags(item).Read, Flags(item).Write)));

            var cancel = await bob.CancelAsync(id);
            Assert.True(cancel.Status == HttpStatusCode.Forbidden, $"READ grantee's cancel: {cancel}");
            Assert.Contains("reading only", cancel.Message, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await bob.PauseAsync(id)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostJsonAsync(bob, $"jobs/v2/{id}", new { action = "stop" })).Status);
            var reshare = await PostJsonAsync(bob, $"jobs/v2/{id}/pems", new { username = readerName, permission = "ALL" });
            Assert.True(reshare.Status == HttpStatusCode.Forbidden, $"READ grantee raising their own permission: {reshare}");
            Assert.Equal("RUNNING", (await alice.GetStatusAsync(id)).Result.GetProperty("status").GetString());

            // The Agave command line sends form fields to the user's own URL.
            var write = await bob.SendRawAsync(HttpMethod.Post, $"jobs/v2/{id}/pems/{readerName}", Form(("permission", "write")));
            Assert.Equal(HttpStatusCode.Forbidden, write.Status);
            write = await alice.SendRawAsync(HttpMethod.Post, $"jobs/v2/{id}/pems/{readerName}", Form(("permission", "write")));
            Assert.True(write.Status == HttpStatusCode.Created, $"grant WRITE: {write}");
            Assert.Equal((true, true), Flags((await bob.GetAsync($"jobs/v2/{id}/pems/{readerName}")).Result));
            var passOn = await PostJsonAsync(bob, $"jobs/v2/{id}/pems", new { username = Unique("carol"), permission = "READ" });
            Assert.True(passOn.Status == HttpStatusCode.Forbidden, $"WRITE grantee sharing on: {passOn}");

            cancel = await bob.CancelAsync(id);
            Assert.True(cancel.Status == HttpStatusCode.OK, $"WRITE grantee's cancel: {cancel}");
            Assert.Equal("STOPPED", await alice.WaitForTerminalAsync(id, JobTimeout));

            var revoke = await alice.SendRawAsync(HttpMethod.Delete, $"jobs/v2/{id}/pems/{readerName}");
            Assert.True(revoke.Status == HttpStatusCode.OK, $"revoke: {revoke}");
            Assert.Equal((false, false), Flags(revoke.Result));
            Assert.Equal(HttpStatusCode.NotFound, (await bob.GetJobAsync(id)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await bob.GetStatusAsync(id)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await bob.GetHistoryAsync(id)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"jobs/v2/{id}/pems")).Status);
            Assert.Empty(Ids(await bob.ListAsync()));
            Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"jobs/v2/{id}/pems/{readerName}")).Status);

            var history = (await alice.GetHistoryAsync(id)).Result.EnumerateArray()
                .Select(line => (line.GetProperty("createdBy").GetString(), line.GetProperty("description").GetString()))
                .ToList();
            Assert.Contains((ownerName, $"READ permission granted to {readerName} by {ownerName}"), history);
            Assert.Contains((ownerName, $"READ_WRITE permission granted to {readerName} by {ownerName}"), history);
            Assert.Contains((ownerName, $"All permissions of {readerName} revoked by {ownerName}"), history);
            Assert.Equal(3, history.Count(line => line.Item2!.Contains("permission", StringComparison.OrdinalIgnoreCase)));
        }
        finally
        {
            await alice.CancelAsync(id);
        }
    }

    [Fact]
    public async Task Another_tenants_user_of_the_same_name_sees_nothing_and_cannot_be_granted_anything()
    {
        var service = fixture.Service;
        var (ownerName, readerName) = (Unique("alice"), Unique("bob"));
        using var alice = service.ClientFor(E2eCatalog.Tenant, ownerName);
        var id = await alice.SubmitOkAsync(new { name = "tenant", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "x" } });
        await alice.WaitForTerminalAsync(id, JobTimeout);
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(alice, $"jobs/v2/{id}/pems", new { username = readerName, permission = "ALL" })).Status);

        using var otherBob = service.ClientFor("other", readerName);
        using var otherAlice = service.ClientFor("other", ownerName);
        using var otherAdmin = service.ClientFor("other", Unique("root"), "Internal/aloe-admin");
        foreach (var (who, client) in new[] { ("other tenant's bob", otherBob), ("other tenant's alice", otherAlice), ("other tenant's admin", otherAdmin) })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetJobAsync(id)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetHistoryAsync(id)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"jobs/v2/{id}/pems")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.CancelAsync(id)).Status);
            Assert.DoesNotContain(id, Ids(await client.ListAsync()));
            var grant = await PostJsonAsync(client, $"jobs/v2/{id}/pems", new { username = readerName, permission = "READ" });
            Assert.True(grant.Status == HttpStatusCode.NotFound, $"{who} granting on a job of another tenant: {grant}");
            Assert.Equal(HttpStatusCode.NotFound, (await client.SendRawAsync(HttpMethod.Delete, $"jobs/v2/{id}/pems/{readerName}")).Status);
        }

        // The grant stayed what it was: in the job's tenant, for that tenant's bob.
        using var bob = service.ClientFor(E2eCatalog.Tenant, readerName);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetJobAsync(id)).Status);
        Assert.Equal((true, true), Flags((await alice.GetAsync($"jobs/v2/{id}/pems/{readerName}")).Result));
    }

    [Fact]
    public async Task The_owner_keeps_all_admins_manage_strangers_get_404_and_hostile_values_are_refused()
    {
        var service = fixture.Service;
        var ownerName = Unique("alice");
        using var alice = service.ClientFor(E2eCatalog.Tenant, ownerName);
        using var admin = service.ClientFor(E2eCatalog.Tenant, Unique("root"), "Internal/aloe-admin");
        using var stranger = service.ClientFor(E2eCatalog.Tenant, Unique("mallory"));
        var id = await alice.SubmitOkAsync(new { name = "owner", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "x" } });
        await alice.WaitForTerminalAsync(id, JobTimeout);
        var pems = $"jobs/v2/{id}/pems";

        foreach (var client in new[] { alice, admin })
        {
            var lower = await PostJsonAsync(client, $"{pems}/{ownerName}", new { permission = "READ" });
            Assert.True(lower.Status == HttpStatusCode.BadRequest && lower.Message.Contains("always has ALL", StringComparison.Ordinal), $"lowering the owner: {lower}");
            Assert.Equal(HttpStatusCode.BadRequest, (await client.SendRawAsync(HttpMethod.Delete, $"{pems}/{ownerName}")).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await PostJsonAsync(client, pems, new { username = ownerName, permission = "NONE" })).Status);
        }

        Assert.Equal((true, true), Flags((await alice.GetAsync($"{pems}/{ownerName}")).Result));

        var strangerName = Unique("eve");
        Assert.Equal(HttpStatusCode.NotFound, (await PostJsonAsync(stranger, pems, new { username = strangerName, permission = "READ" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(pems)).Status);

        // An admin of the tenant may grant and revoke on any of its jobs; the history names the admin.
        var byAdmin = await PostJsonAsync(admin, pems, new { username = strangerName, permission = "read_write" });
        Assert.True(byAdmin.Status == HttpStatusCode.Created, $"admin grant: {byAdmin}");
        Assert.Equal(HttpStatusCode.OK, (await admin.SendRawAsync(HttpMethod.Delete, pems)).Status);
        Assert.Equal([ownerName], (await alice.GetAsync(pems)).Result.EnumerateArray().Select(item => item.GetProperty("username").GetString()));

        string[] hostileNames = ["..", "../" + ownerName, "a/b", "b\u0001", new string('b', 65), ""];
        foreach (var name in hostileNames)
        {
            var answer = await PostJsonAsync(alice, pems, new { username = name, permission = "READ" });
            Assert.True(answer.Status == HttpStatusCode.BadRequest && answer.Message.Contains("username", StringComparison.Ordinal),
                $"username {JsonSerializer.Serialize(name)}: {answer}");
        }

        foreach (var permission in new[] { "EXECUTE", "READ'; DROP TABLE aloe_job_permissions; --", "OWNER" })
        {
            var answer = await PostJsonAsync(alice, pems, new { username = Unique("bob"), permission });
            Assert.True(answer.Status == HttpStatusCode.BadRequest && answer.Message.Contains("READ, WRITE, READ_WRITE, ALL, NONE", StringComparison.Ordinal),
                $"permission {permission}: {answer}");
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await alice.SendRawAsync(HttpMethod.Get, $"{pems}/b%01")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.SendRawAsync(HttpMethod.Get, $"{pems}?offset=99999999999")).Status);

        // SQL metacharacters in a name are only text: granted as written, nothing else touched.
        var odd = $"x' OR '1'='1 {Guid.NewGuid():N}"[..40];
        var oddGrant = await PostJsonAsync(alice, pems, new { username = odd, permission = "READ" });
        Assert.True(oddGrant.Status == HttpStatusCode.Created, $"grant to {odd}: {oddGrant}");
        Assert.Equal([ownerName, odd], (await alice.GetAsync(pems)).Result.EnumerateArray().Select(item => item.GetProperty("username").GetString()));
        Assert.Equal((true, false), Flags((await alice.GetAsync($"{pems}/{Uri.EscapeDataString(odd)}")).Result));

        var history = (await alice.GetHistoryAsync(id)).Result.EnumerateArray()
            .Select(line => (line.GetProperty("createdBy").GetString(), line.GetProperty("description").GetString()))
            .ToList();
        Assert.Contains(history, line => line.Item2 == $"READ_WRITE permission granted to {strangerName} by {line.Item1}" && line.Item1 != ownerName);
        Assert.Contains(history, line => line.Item2!.StartsWith("All permissions revoked by", StringComparison.Ordinal) && line.Item1 != ownerName);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];

    private static List<string> Ids(ApiResponse list)
    {
        Assert.True(list.Status == HttpStatusCode.OK, $"list: {list}");
        return list.Result.EnumerateArray().Select(item => item.GetProperty("id").GetString()!).ToList();
    }

    private static (bool Read, bool Write) Flags(JsonElement item) =>
        (item.GetProperty("permission").GetProperty("read").GetBoolean(), item.GetProperty("permission").GetProperty("write").GetBoolean());

    private static Task<ApiResponse> PostJsonAsync(JobsClient client, string path, object body) =>
        client.SendRawAsync(HttpMethod.Post, path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(field => new KeyValuePair<string, string>(field.Key, field.Value)));
}
