using System.Net;
using System.Text.Json.Nodes;
using AloeOrleans.Tests.Catalog;
using AloeOrleans.Tests.EndToEnd.Remote;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// Deleting an app or a system that an active job uses is refused with 409 naming the job, through the real service
/// with a job held RUNNING (a FORK job that sleeps); once the job is cancelled, the same delete succeeds.
/// </summary>
[NeedsServers]
[Collection(EndToEndCollection.Name)]
public sealed class CatalogInUseTests(SharedServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_app_a_running_job_uses_cannot_be_deleted_until_the_job_ends()
    {
        var service = fixture.Service;
        using var admin = new CatalogAdminClient(service, E2eCatalog.Tenant);
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var name = $"held{Guid.NewGuid():N}"[..16];
        var appId = $"{name}-1.0";
        var app = E2eCatalog.LocalApp(appId, "sleep.sh", new JsonArray(), new JsonArray());
        app["deploymentPath"] = $"apps/{E2eCatalog.SleepApp}";
        await admin.RegisterAppAsync(app);
        var id = await alice.SubmitOkAsync(new { name = "held", appId, archive = false });
        await alice.WaitForStatusAsync(id, status => status == "RUNNING", JobTimeout, "RUNNING");

        var refused = await admin.DeleteAsync($"apps/v2/{appId}");

        Assert.True(refused.Status == HttpStatusCode.Conflict, $"delete of an app in use: {refused}");
        Assert.Contains($"App {appId} is used by 1 active job(s) ({id})", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"apps/v2/{appId}")).Status);

        await CancelAndWaitAsync(alice, id);
        var deleted = await admin.DeleteAsync($"apps/v2/{appId}");
        Assert.True(deleted.Status == HttpStatusCode.OK, $"delete once the job ended: {deleted}");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"apps/v2/{appId}")).Status);
    }

    [Fact]
    public async Task A_system_a_running_job_archives_to_cannot_be_deleted_until_the_job_ends()
    {
        var service = fixture.Service;
        using var admin = new CatalogAdminClient(service, E2eCatalog.Tenant);
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var systemId = $"arch{Guid.NewGuid():N}"[..16];
        await admin.RegisterSystemAsync(CatalogBodies.Storage(systemId));
        var id = await alice.SubmitOkAsync(new
        {
            name = "archiver", appId = E2eCatalog.SleepApp, archive = true, archiveSystem = systemId, archivePath = "alice/out",
        });
        await alice.WaitForStatusAsync(id, status => status == "RUNNING", JobTimeout, "RUNNING");

        var refused = await admin.DeleteAsync($"systems/v2/{systemId}");

        Assert.True(refused.Status == HttpStatusCode.Conflict, $"delete of a system in use: {refused}");
        Assert.Contains($"System {systemId} is used by 1 active job(s) ({id})", refused.Message, StringComparison.Ordinal);
        Assert.Contains("cancel one with POST /jobs/v2/{id}/cancel", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"systems/v2/{systemId}")).Status);

        await CancelAndWaitAsync(alice, id);
        var deleted = await admin.DeleteAsync($"systems/v2/{systemId}");
        Assert.True(deleted.Status == HttpStatusCode.OK, $"delete once the job ended: {deleted}");
    }

    private static async Task CancelAndWaitAsync(JobsClient owner, string id)
    {
        var cancel = await owner.CancelAsync(id);
        Assert.True(cancel.Status == HttpStatusCode.OK, $"cancel: {cancel}");
        var final = await owner.WaitForTerminalAsync(id, JobTimeout);
        Assert.True(final == "STOPPED", $"job {id} ended {final}: {await owner.DescribeHistoryAsync(id)}");
    }
}
