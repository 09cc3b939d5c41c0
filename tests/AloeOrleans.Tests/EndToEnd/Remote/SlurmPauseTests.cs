using System.Net;
using AloeOrleans.Tests.Infrastructure.Remote;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// Pause and resume of Slurm jobs through the real service. A job stays QUEUED when it asks for more time than its
/// partition allows (Slurm keeps it PENDING, reason PartitionTimeLimit or PartitionConfig) until its time limit is lowered: that is
/// how these tests hold a job in the queue for as long as they need, on a node with room for hundreds of jobs.
/// </summary>
[NeedsServers]
public sealed class SlurmPauseTests(RemoteServiceFixture fixture, ITestOutputHelper output) : IClassFixture<RemoteServiceFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    // Longer than the short partition's MaxTime (10 min), so Slurm keeps the job waiting.
    private const string OverThePartitionLimit = "00:30:00";

    [Fact]
    public async Task A_queued_Slurm_job_is_held_while_paused_does_not_start_and_runs_to_the_end_after_resume()
    {
        await using var tenant = await WithShortPartitionAsync();
        var id = await SubmitWaitingAsync(tenant, seconds: 2);
        var slurmId = Str(await GetAsync(tenant.Jobs, id), "remoteJobId");

        var pause = await tenant.Jobs.PauseAsync(id);
        Assert.True(pause.Status == HttpStatusCode.OK, $"pause: {pause}");
        Assert.Equal("PAUSED", Str(pause.Result, "status"));
        Assert.Contains($"Slurm job {slurmId} is held (scontrol hold)", Str(pause.Result, "lastStatusMessage"), StringComparison.Ordinal);
        Assert.Equal("PENDING|JobHeldUser", await SqueueAsync(tenant, slurmId));

        // Nothing but the hold keeps it waiting now: with a time limit the partition allows, it would start at once.
        await tenant.RunOkAsync($"scontrol update JobId={slurmId} TimeLimit=00:05:00");
        var until = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTimeOffset.UtcNow < until)
        {
            Assert.Equal("PENDING|JobHeldUser", await SqueueAsync(tenant, slurmId));
            Assert.Equal("PAUSED", Str((await tenant.Jobs.GetStatusAsync(id)).Result, "status"));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        var resume = await tenant.Jobs.ResumeAsync(id);
        Assert.True(resume.Status == HttpStatusCode.OK, $"resume: {resume}");
        var final = await tenant.Jobs.WaitForTerminalAsync(id, Timeout);
        var history = await tenant.Jobs.DescribeHistoryAsync(id);
        output.WriteLine(history);
        Assert.True(final == "FINISHED", $"job {id} ended {final}: {history}\n{tenant.Service.Diagnostics()}");
        Assert.Contains("released (scontrol release)", history, StringComparison.Ordinal);
        var statuses = Collapse(await tenant.Jobs.HistoryStatusesAsync(id));
        Assert.True(statuses.SkipWhile(status => status != "QUEUED").Take(3).SequenceEqual(["QUEUED", "PAUSED", "QUEUED"]),
            $"history {string.Join(", ", statuses)}");
        var finished = await GetAsync(tenant.Jobs, id);
        Assert.Equal("slept", tenant.ReadRemoteText($"{Str(finished, "workPath")}/slept.txt")?.Trim());
        Assert.Single(await SlurmAccounting.ByNamesAsync(tenant.Ssh, [id]));
    }

    [Fact]
    public async Task A_running_Slurm_job_cannot_be_paused_and_a_held_job_cancelled_in_Slurm_is_followed_to_its_end_after_resume()
    {
        await using var tenant = await WithShortPartitionAsync();

        // RUNNING: 409, saying why, and the job runs on.
        var running = await tenant.Jobs.SubmitOkAsync(new
        {
            name = "running", appId = "sleep-1.0", archive = false, maxRunTime = "00:05:00", batchQueue = RemoteTestEnvironment.SlurmShortPartition,
            parameters = new { seconds = 120 },
        });
        await WaitForRunningAsync(tenant.Jobs, running, Timeout);
        var refused = await tenant.Jobs.PauseAsync(running);
        Assert.True(refused.Status == HttpStatusCode.Conflict, $"pause of a RUNNING Slurm job: {refused}");
        Assert.Contains("cannot pause a RUNNING job", refused.Message, StringComparison.Ordinal);
        Assert.Contains("only while it is QUEUED", refused.Message, StringComparison.Ordinal);
        Assert.Equal("RUNNING", Str((await tenant.Jobs.GetStatusAsync(running)).Result, "status"));
        Assert.Equal(HttpStatusCode.OK, (await tenant.Jobs.CancelAsync(running)).Status);

        // A held job that Slurm loses meanwhile (cancelled there) is not lost: the status check after the resume ends it.
        var held = await SubmitWaitingAsync(tenant, seconds: 2);
        var slurmId = Str(await GetAsync(tenant.Jobs, held), "remoteJobId");
        Assert.Equal(HttpStatusCode.OK, (await tenant.Jobs.PauseAsync(held)).Status);
        await tenant.RunOkAsync($"scancel {slurmId}");
        await SlurmAccounting.WaitForAsync(tenant.Ssh, slurmId, held, SlurmAccounting.IsCancelled, Timeout, "CANCELLED");
        Assert.Equal("PAUSED", Str((await tenant.Jobs.GetStatusAsync(held)).Result, "status"));

        var resume = await tenant.Jobs.ResumeAsync(held);
        Assert.True(resume.Status == HttpStatusCode.OK, $"resume: {resume}");
        var final = await tenant.Jobs.WaitForTerminalAsync(held, Timeout);
        var history = await tenant.Jobs.DescribeHistoryAsync(held);
        output.WriteLine(history);
        Assert.True(final == "FAILED", $"job {held} ended {final}: {history}");
        Assert.Contains("there is nothing to continue", history, StringComparison.Ordinal);
        Assert.Equal("STOPPED", await tenant.Jobs.WaitForTerminalAsync(running, Timeout));
    }

    /// <summary>A tenant whose Slurm system's one queue is the short partition (10 min at most), with sleep-1.0 deployed.</summary>
    private async Task<RemoteTestTenant> WithShortPartitionAsync()
    {
        var tenant = await RemoteTestTenant.CreateAsync(fixture.Service);
        try
        {
            var system = RemoteServiceSettings.SlurmSystem;
            await tenant.RunOkAsync($"mkdir -p {RemoteTestEnvironment.ShellQuote(tenant.ExecutionRoot(system))}");
            var body = RemoteSystemBodies.Execution(system, "SLURM", tenant.ExecutionRoot(system));
            body["queues"]![0]!["name"] = RemoteTestEnvironment.SlurmShortPartition;
            await tenant.Admin.RegisterSystemAsync(body);
            await tenant.DeployAsync(RemoteApps.Sleep(system));
            return tenant;
        }
        catch
        {
            await tenant.DisposeAsync();
            throw;
        }
    }

    /// <summary>Submits sleep-1.0 with more time than the partition allows and waits until it is QUEUED, Slurm saying why it waits.</summary>
    private static async Task<string> SubmitWaitingAsync(RemoteTestTenant tenant, int seconds)
    {
        var id = await tenant.Jobs.SubmitOkAsync(new
        {
            name = "waiting", appId = "sleep-1.0", archive = false, maxRunTime = OverThePartitionLimit,
            batchQueue = RemoteTestEnvironment.SlurmShortPartition, parameters = new { seconds },
        });
        var status = await tenant.Jobs.WaitForStatusAsync(id, s => s is "QUEUED" or "RUNNING" || JobsClient.TerminalStatuses.Contains(s),
            Timeout, "QUEUED");
        Assert.True(status == "QUEUED", $"job {id} is {status}, not QUEUED: {await tenant.Jobs.DescribeHistoryAsync(id)}");
        // PartitionTimeLimit, or PartitionConfig when Slurm names the partition's limits as a whole.
        var squeue = await SqueueAsync(tenant, Str(await GetAsync(tenant.Jobs, id), "remoteJobId"));
        Assert.True(squeue is "PENDING|PartitionTimeLimit" or "PENDING|PartitionConfig", $"squeue lists job {id} as {squeue}");
        return id;
    }

    /// <summary>"STATE|REASON" of a Slurm job as squeue lists it.</summary>
    private static async Task<string> SqueueAsync(RemoteTestTenant tenant, string slurmId) =>
        (await tenant.RunOkAsync($"squeue -h -j {RemoteTestEnvironment.ShellQuote(slurmId)} -o '%T|%r'")).Trim();
}
