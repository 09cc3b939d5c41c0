using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>A Slurm job the scheduler requeues while it runs: the service follows it back to QUEUED and RUNNING.</summary>
[NeedsServers]
public sealed class SlurmRequeueTests(RemoteServiceFixture fixture, ITestOutputHelper output) : IClassFixture<RemoteServiceFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_requeued_Slurm_job_is_followed_back_to_QUEUED_runs_again_with_its_run_time_restarted_and_finishes()
    {
        await using var tenant = await RemoteTestTenant.WithSlurmAppAsync(fixture.Service, RemoteApps.Sleep);
        var id = await tenant.Jobs.SubmitOkAsync(new { name = "requeue-me", appId = "sleep-1.0", archive = false, parameters = new { seconds = 8 } });
        await WaitForRunningAsync(tenant.Jobs, id, Timeout);
        var first = await GetAsync(tenant.Jobs, id);
        var slurmId = Str(first, "remoteJobId");
        Assert.Equal(slurmId, Str(first, "schedulerJobId"));

        // Slurm stops the job and puts it back in its queue, held until its begin time (about two minutes away).
        var requeue = tenant.Ssh.RunCommand($"scontrol requeue {slurmId}");
        var requeuedAt = DateTimeOffset.UtcNow;
        Assert.True(requeue.ExitStatus == 0, $"scontrol requeue: {requeue.Error}");
        await tenant.Jobs.WaitForStatusAsync(id, status => status == "QUEUED" || JobsClient.TerminalStatuses.Contains(status), Timeout, "QUEUED again");
        Assert.True((await tenant.Jobs.HistoryStatusesAsync(id))[^1] == "QUEUED", await tenant.Jobs.DescribeHistoryAsync(id));

        // Released, it runs again from the start. Not within the second of the requeue: slurmd revokes the first run's
        // credential by its timestamp (whole seconds), and a start in the same second is killed ("Job credential
        // revoked") and the job fails, which is Slurm's doing, not the service's.
        var notBefore = requeuedAt.AddSeconds(2);
        if (DateTimeOffset.UtcNow < notBefore)
        {
            await Task.Delay(notBefore - DateTimeOffset.UtcNow);
        }

        var release = tenant.Ssh.RunCommand($"scontrol update JobId={slurmId} StartTime=now");
        Assert.True(release.ExitStatus == 0, $"scontrol update StartTime=now: {release.Error}");
        var final = await tenant.Jobs.WaitForTerminalAsync(id, Timeout);
        var history = await tenant.Jobs.DescribeHistoryAsync(id);
        output.WriteLine(history);
        Assert.True(final == "FINISHED", $"job {id} ended {final}: {history}\n{tenant.Service.Diagnostics()}");

        var statuses = Collapse(await tenant.Jobs.HistoryStatusesAsync(id));
        var afterSubmit = statuses.SkipWhile(status => status != "RUNNING").ToList();
        Assert.True(afterSubmit.Take(3).SequenceEqual(["RUNNING", "QUEUED", "RUNNING"]), $"history {string.Join(", ", statuses)}");
        var finished = await GetAsync(tenant.Jobs, id);
        Assert.Equal(slurmId, Str(finished, "remoteJobId"));
        Assert.Equal(slurmId, Str(finished, "schedulerJobId"));
        Assert.Equal(1, finished.GetProperty("submitRetries").GetInt32());
        Assert.True(Time(finished, "remoteStarted") > Time(first, "remoteStarted"),
            $"remoteStarted {Str(finished, "remoteStarted")} is not after the first start {Str(first, "remoteStarted")}");
        Assert.True(Time(finished, "remoteStarted") >= await EventTimeAsync(tenant.Jobs, id, "QUEUED"), "remoteStarted is not the second start");

        // The app ran to its end on the second run (the first was stopped before it wrote its file), and only one Slurm job exists.
        Assert.Equal("slept", tenant.ReadRemoteText($"{Str(finished, "workPath")}/slept.txt")?.Trim());
        Assert.Single(await SlurmAccounting.ByNamesAsync(tenant.Ssh, [id]));
    }
}
