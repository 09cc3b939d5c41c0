using System.Net;
using AloeOrleans.Tests.Infrastructure.Remote;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// Pause and resume of a RUNNING FORK job over SSH through the real service: its process group on the SSH host is
/// stopped (every process in state T, the counter stands still) and continued, and the job finishes.
/// </summary>
[NeedsServers]
public sealed class ForkOverSshPauseTests(RemoteServiceFixture fixture, ITestOutputHelper output) : IClassFixture<RemoteServiceFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StandStill = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task A_running_FORK_job_over_SSH_stops_while_paused_and_finishes_after_resume()
    {
        await using var tenant = await RemoteTestTenant.CreateAsync(fixture.Service);
        await tenant.RegisterExecutionSystemAsync(RemoteServiceSettings.ForkSystem, "FORK");
        await tenant.DeployAsync(RemoteApps.Counter(RemoteServiceSettings.ForkSystem));
        var jobs = tenant.Jobs;

        var id = await jobs.SubmitOkAsync(new { name = "counter", appId = "counter-1.0", archive = false });
        await WaitForRunningAsync(jobs, id, Timeout);
        var running = await GetAsync(jobs, id);
        var group = Str(running, "remoteJobId");
        var countFile = $"{Str(running, "workPath")}/count.txt";
        await WaitUntilAsync(() => Task.FromResult(Count(tenant, countFile) >= 3), "the counter's first lines", jobs, id);

        var pause = await jobs.PauseAsync(id);
        Assert.True(pause.Status == HttpStatusCode.OK, $"pause: {pause}");
        Assert.Equal("PAUSED", Str(pause.Result, "status"));
        Assert.Contains($"Process group {group} of the job on system {RemoteServiceSettings.ForkSystem} was stopped (SIGSTOP).",
            Str(pause.Result, "lastStatusMessage"), StringComparison.Ordinal);
        await WaitUntilAsync(async () => await StatesAsync(tenant, group) is { Count: > 0 } states && states.All(state => state.StartsWith('T')),
            $"every process of group {group} stopped (T) on the SSH host", jobs, id);
        var counted = Count(tenant, countFile);
        await Task.Delay(StandStill);
        Assert.Equal(counted, Count(tenant, countFile));
        Assert.Equal("PAUSED", Str((await jobs.GetStatusAsync(id)).Result, "status"));

        var resume = await jobs.ResumeAsync(id);
        Assert.True(resume.Status == HttpStatusCode.OK, $"resume: {resume}");
        await WaitForRunningAsync(jobs, id, Timeout);
        await WaitUntilAsync(() => Task.FromResult(Count(tenant, countFile) > counted), "the counter going on", jobs, id);

        var final = await jobs.WaitForTerminalAsync(id, Timeout);
        var history = await jobs.DescribeHistoryAsync(id);
        output.WriteLine(history);
        Assert.True(final == "FINISHED", $"job {id} ended {final}: {history}\n{tenant.Service.Diagnostics()}");
        Assert.Equal(RemoteApps.CounterTicks, Count(tenant, countFile));
        var statuses = Collapse(await jobs.HistoryStatusesAsync(id));
        Assert.True(statuses.SkipWhile(status => status != "RUNNING").Take(3).SequenceEqual(["RUNNING", "PAUSED", "RUNNING"]),
            $"history {string.Join(", ", statuses)}");
        Assert.Contains("continued (SIGCONT)", history, StringComparison.Ordinal);
    }

    private static int Count(RemoteTestTenant tenant, string file) =>
        tenant.ReadRemoteText(file) is { } text ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length : 0;

    /// <summary>The state (ps STAT) of every process of <paramref name="group"/> on the SSH host.</summary>
    private static async Task<IReadOnlyList<string>> StatesAsync(RemoteTestTenant tenant, string group)
    {
        var listing = await tenant.RunOkAsync($"ps -e -o pgid=,stat= | awk -v g={RemoteTestEnvironment.ShellQuote(group)} '$1 == g {{ print $2 }}'");
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, JobsClient jobs, string id)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} not seen within 30 s; job {id}: {await jobs.DescribeHistoryAsync(id)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
