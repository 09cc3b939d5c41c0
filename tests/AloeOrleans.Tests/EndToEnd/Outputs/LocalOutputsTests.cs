using System.Net;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Outputs;

/// <summary>
/// <c>/jobs/v2/{id}/outputs</c> of jobs on the local system through the real service (docs/api.md, "Job outputs"): the
/// live work folder while the job runs, the archive once it finished; only for those who may read the job.
/// </summary>
[NeedsServers]
[Collection(EndToEndCollection.Name)]
public sealed class LocalOutputsTests(SharedServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_running_jobs_work_folder_is_listed_and_served_to_those_who_may_read_the_job()
    {
        var service = fixture.Service;
        var ownerName = Unique("alice");
        using var alice = service.ClientFor(E2eCatalog.Tenant, ownerName);
        var id = await alice.SubmitOkAsync(new { name = "outputs", appId = E2eCatalog.OutputsApp, archive = false, parameters = new { seconds = "300" } });
        try
        {
            await alice.WaitForStatusAsync(id, status => status == "RUNNING", JobTimeout, "RUNNING");
            await OutputTree.WaitForTreeAsync(alice, id, JobTimeout);

            await OutputTree.AssertServedAsync(alice, id, "local");

            using var admin = service.ClientFor(E2eCatalog.Tenant, Unique("root"), "Internal/aloe-admin");
            Assert.Equal(OutputTree.Hello, (await admin.DownloadAsync($"jobs/v2/{id}/outputs/media/hello.txt")).Text);
            using var bob = service.ClientFor(E2eCatalog.Tenant, Unique("bob"));
            using var otherTenant = service.ClientFor("other", ownerName);
            using var otherAdmin = service.ClientFor("other", Unique("root"), "Internal/aloe-admin");
            foreach (var (who, client) in new[] { ("another user", bob), ("the same name in another tenant", otherTenant), ("another tenant's admin", otherAdmin) })
            {
                foreach (var path in new[] { "listings", "listings/out", "media/hello.txt" })
                {
                    var answer = await client.DownloadAsync($"jobs/v2/{id}/outputs/{path}");
                    Assert.True(answer.Status == HttpStatusCode.NotFound && !answer.Text.Contains("hello", StringComparison.Ordinal), $"{who}, {path}: {answer}");
                }
            }

            using var anonymous = new JobsClient(service.BaseAddress, token: null);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DownloadAsync($"jobs/v2/{id}/outputs/media/hello.txt")).Status);
        }
        finally
        {
            await alice.CancelAsync(id);
        }
    }

    [Fact]
    public async Task A_finished_jobs_outputs_are_read_from_its_archive_and_a_hidden_job_has_none()
    {
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, Unique("alice"));
        var id = await alice.SubmitOkAsync(new { name = "archived", appId = E2eCatalog.OutputsApp, archive = true, archivePath = "", parameters = new { seconds = "0" } });
        var final = await alice.WaitForTerminalAsync(id, JobTimeout);
        Assert.True(final == "FINISHED", $"{final}: {await alice.DescribeHistoryAsync(id)}");

        var job = (await alice.GetJobAsync(id)).Result;
        var archiveSystem = job.GetProperty("archiveSystem").GetString()!;
        Assert.EndsWith($"/jobs/v2/{id}/outputs/listings", job.GetProperty("_links").GetProperty("archiveData").GetProperty("href").GetString(), StringComparison.Ordinal);
        // The listing names the archive system, not the execution system: the archived copy is what is read.
        Assert.NotEqual("local", archiveSystem);
        await OutputTree.AssertServedAsync(alice, id, archiveSystem);

        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"jobs/v2/{id}/hide")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"jobs/v2/{id}/outputs/listings")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.DownloadAsync($"jobs/v2/{id}/outputs/media/hello.txt")).Status);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
