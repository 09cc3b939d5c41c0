using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// <c>/jobs/v2/{id}/outputs</c> of a FORK job over SSH (docs/api.md, "Job outputs"): the running job's work folder read
/// over SFTP, then a finished job's SFTP archive, with the same checks as on the local system.
/// </summary>
[NeedsServers]
public sealed class SftpOutputsTests(RemoteServiceFixture fixture) : IClassFixture<RemoteServiceFixture>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task A_running_jobs_work_folder_and_a_finished_jobs_archive_are_served_over_SFTP()
    {
        await using var tenant = await RemoteTestTenant.CreateAsync(fixture.Service);
        await tenant.RegisterExecutionSystemAsync(RemoteServiceSettings.ForkSystem, "FORK");
        await tenant.RegisterArchiveSystemAsync();
        await tenant.DeployAsync(RemoteApps.Outputs(RemoteServiceSettings.ForkSystem));
        var jobs = tenant.Jobs;

        var running = await jobs.SubmitOkAsync(new { name = "outputs-running", appId = "outputs-1.0", archive = false, parameters = new { seconds = 300 } });
        try
        {
            await jobs.WaitForStatusAsync(running, status => status == "RUNNING", JobTimeout, "RUNNING");
            await Outputs.OutputTree.WaitForTreeAsync(jobs, running, JobTimeout);
            await Outputs.OutputTree.AssertServedAsync(jobs, running, RemoteServiceSettings.ForkSystem);
        }
        finally
        {
            await jobs.CancelAsync(running);
        }

        var archived = await jobs.SubmitOkAsync(new
        {
            name = "outputs-archived",
            appId = "outputs-1.0",
            archive = true,
            archiveSystem = RemoteServiceSettings.ArchiveSystem,
            archivePath = $"{RemoteTestTenant.User}/results/outputs",
            parameters = new { seconds = 0 },
        });
        var final = await jobs.WaitForTerminalAsync(archived, JobTimeout);
        Assert.True(final == "FINISHED", $"{final}: {await jobs.DescribeHistoryAsync(archived)}");
        await Outputs.OutputTree.AssertServedAsync(jobs, archived, RemoteServiceSettings.ArchiveSystem);
    }
}
