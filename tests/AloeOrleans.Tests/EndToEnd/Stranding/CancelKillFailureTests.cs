using System.Globalization;
using System.Net;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Stranding;

/// <summary>
/// A cancel whose kill cannot be carried out (here: the job's execution system was removed from the catalog under the
/// running job) is still accepted: 200, the job ends STOPPED, and its history says the remote work could not be killed
/// and why. Never a 500.
/// </summary>
[NeedsServers]
[Collection(StrandingCollection.Name)]
public sealed class CancelKillFailureTests(StrandingServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Cancel_of_a_job_whose_system_is_gone_is_200_and_the_failed_kill_is_in_its_history()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var id = await alice.SubmitOkAsync(new { name = "doomed", appId = StrandingSeed.DoomedApp, archive = false });
        await alice.WaitForStatusAsync(id, status => status == "RUNNING", JobTimeout, "RUNNING");
        var group = int.Parse((await alice.GetJobAsync(id)).Result.GetProperty("remoteJobId").GetString()!, CultureInfo.InvariantCulture);
        try
        {
            await using (var connection = new NpgsqlConnection(service.ConnectionString))
            {
                await connection.OpenAsync();
                await using var delete = new NpgsqlCommand("DELETE FROM aloe_systems WHERE tenant_id = $1 AND id = $2", connection)
                {
                    Parameters = { new() { Value = E2eCatalog.Tenant }, new() { Value = StrandingSeed.DoomedSystem } },
                };
                Assert.Equal(1, await delete.ExecuteNonQueryAsync());
            }

            // The service reads the catalog again once its cached copy is older than this.
            await Task.Delay(StrandingServiceFixture.CatalogCacheDuration * 2);

            var cancel = await alice.CancelAsync(id);

            Assert.True(cancel.Status == HttpStatusCode.OK, $"cancel: {cancel}");
            var final = await alice.WaitForTerminalAsync(id, JobTimeout);
            Assert.True(final == "STOPPED", $"job {id} ended {final}: {await alice.DescribeHistoryAsync(id)}");
            var message = (await alice.GetJobAsync(id)).Result.GetProperty("lastStatusMessage").GetString() ?? "";
            Assert.Contains("Job cancelled by alice.", message, StringComparison.Ordinal);
            Assert.Contains($"could not be killed and may still be running: System {StrandingSeed.DoomedSystem} does not exist", message,
                StringComparison.Ordinal);
            Assert.Contains("could not be killed", await alice.DescribeHistoryAsync(id), StringComparison.Ordinal);
        }
        finally
        {
            // The service could not kill it: the test does, as an operator would.
            ProcessGroups.Signal(-group, ProcessGroups.SIGKILL);
        }
    }
}
