using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>Slurm jobs that fail: the app's own error, and Slurm killing a job at its time limit.</summary>
[NeedsServers]
public sealed class SlurmFailureTests(RemoteServiceFixture fixture, ITestOutputHelper output) : IClassFixture<RemoteServiceFixture>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    /// <summary>A 1-minute limit: slurmctld checks limits about every 30 s, and KillWait is 5 s.</summary>
    private static readonly TimeSpan TimeLimitTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task An_app_exiting_3_ends_FAILED_with_remote_outcome_FAILED()
    {
        await using var tenant = await RemoteTestTenant.WithSlurmAppAsync(fixture.Service, RemoteApps.Fail);

        var id = await tenant.Jobs.SubmitOkAsync(new { name = "fails", appId = "fail-1.0", archive = false });
        var final = await tenant.Jobs.WaitForTerminalAsync(id, JobTimeout);

        var history = await tenant.Jobs.DescribeHistoryAsync(id);
        Assert.True(final == "FAILED", $"job {id} ended {final}: {history}\n{tenant.Service.Diagnostics()}");
        var job = await GetAsync(tenant.Jobs, id);
        output.WriteLine($"Job: {job}\nHistory: {history}");
        Assert.True(StrOrNull(job, "remoteOutcome") == "FAILED", $"remoteOutcome is not FAILED: {job}");
        var message = Str(job, "lastStatusMessage");
        Assert.Matches(new Regex("FAILED|exit", RegexOptions.IgnoreCase), message);
        Assert.Contains("SUBMITTING", await tenant.Jobs.HistoryStatusesAsync(id));

        var slurm = await SlurmAccounting.WaitForAsync(tenant.Ssh, Str(job, "remoteJobId"), id, j => j.State == "FAILED",
            TimeSpan.FromSeconds(30), "FAILED");
        Assert.Equal(id, slurm.JobName);
        Assert.Equal("3:0", slurm.ExitCode);
    }

    [Fact]
    public async Task A_job_exceeding_maxRunTime_is_ended_by_Slurm_TIMEOUT_and_ends_FAILED()
    {
        await using var tenant = await RemoteTestTenant.WithSlurmAppAsync(fixture.Service, RemoteApps.Sleep);

        var id = await tenant.Jobs.SubmitOkAsync(new
        {
            name = "overtime", appId = "sleep-1.0", archive = false, maxRunTime = "00:01:00", parameters = new { seconds = 600 },
        });
        await WaitForRunningAsync(tenant.Jobs, id, JobTimeout);
        var running = Stopwatch.StartNew();
        var final = await tenant.Jobs.WaitForTerminalAsync(id, TimeLimitTimeout);

        var history = await tenant.Jobs.DescribeHistoryAsync(id);
        Assert.True(final == "FAILED", $"job {id} ended {final}: {history}\n{tenant.Service.Diagnostics()}");
        var job = await GetAsync(tenant.Jobs, id);
        output.WriteLine($"FAILED {running.Elapsed.TotalSeconds:0} s after RUNNING was seen.\nJob: {job}\nHistory: {history}");
        Assert.True(StrOrNull(job, "remoteOutcome") == "FAILED", $"remoteOutcome is not FAILED: {job}");
        Assert.Contains("TIMEOUT", Str(job, "lastStatusMessage"), StringComparison.Ordinal);

        var slurm = await SlurmAccounting.WaitForAsync(tenant.Ssh, Str(job, "remoteJobId"), id, j => j.State == "TIMEOUT",
            TimeSpan.FromSeconds(30), "TIMEOUT");
        Assert.Equal(id, slurm.JobName);
    }
}
