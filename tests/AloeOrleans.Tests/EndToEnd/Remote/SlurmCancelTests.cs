using System.Net;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>Cancel of a running Slurm job through the service: the job ends STOPPED and Slurm has cancelled it.</summary>
[NeedsServers]
public sealed class SlurmCancelTests(RemoteServiceFixture fixture, ITestOutputHelper output) : IClassFixture<RemoteServiceFixture>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan CancelTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cancel_of_a_running_Slurm_job_stops_it_and_Slurm_shows_it_CANCELLED()
    {
        await using var tenant = await RemoteTestTenant.WithSlurmAppAsync(fixture.Service, RemoteApps.Sleep);

        var id = await tenant.Jobs.SubmitOkAsync(new { name = "cancel-me", appId = "sleep-1.0", archive = false, parameters = new { seconds = 600 } });
        await WaitForRunningAsync(tenant.Jobs, id, JobTimeout);
        var remoteJobId = Str(await GetAsync(tenant.Jobs, id), "remoteJobId");
        Assert.Contains(remoteJobId, await SlurmAccounting.QueuedJobIdsAsync(tenant.Ssh));

        var cancel = await tenant.Jobs.CancelAsync(id);
        Assert.True(cancel.Status == HttpStatusCode.OK, $"cancel: {cancel}");

        var final = await tenant.Jobs.WaitForTerminalAsync(id, CancelTimeout);
        var history = await tenant.Jobs.DescribeHistoryAsync(id);
        Assert.True(final == "STOPPED", $"job {id} ended {final}: {history}\n{tenant.Service.Diagnostics()}");
        output.WriteLine($"History: {history}");
        var statuses = await tenant.Jobs.HistoryStatusesAsync(id);
        Assert.Equal("STOPPED", statuses[^1]);
        Assert.Contains("RUNNING", statuses);

        // scancel reached Slurm: the job is gone from the queue and accounted CANCELLED, not left to sleep on.
        var slurm = await SlurmAccounting.WaitForAsync(tenant.Ssh, remoteJobId, id, SlurmAccounting.IsCancelled, CancelTimeout, "CANCELLED");
        Assert.Equal(id, slurm.JobName);
        var deadline = DateTimeOffset.UtcNow + CancelTimeout;
        while ((await SlurmAccounting.QueuedJobIdsAsync(tenant.Ssh)).Contains(remoteJobId))
        {
            // A cancelled job stays listed (COMPLETING) until its processes are gone, KillWait (5 s) at most.
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Slurm job {remoteJobId} is still in squeue {CancelTimeout.TotalSeconds:0} s after it was cancelled");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        output.WriteLine($"sacct: {slurm}");
    }
}
