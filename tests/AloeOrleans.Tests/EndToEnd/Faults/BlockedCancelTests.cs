using System.Globalization;
using System.Net;
using AloeOrleans.Tests.EndToEnd.Remote;
using AloeOrleans.Tests.Infrastructure.Remote;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Faults;

/// <summary>
/// A cancel of a BLOCKED job stops it at once and kills the remote work it launched: right away when the host answers,
/// and once the host is back when it is still down (the kill is left pending and tried again at the job's reminder).
/// The recovery group waits long here (<see cref="PatientRecoveryOutageFixture"/>), so the jobs stay BLOCKED.
/// </summary>
[NeedsServers]
public sealed class BlockedCancelTests(PatientRecoveryOutageFixture fixture, ITestOutputHelper output) : IClassFixture<PatientRecoveryOutageFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    /// <summary>The job's reminder period (1 min, Orleans' minimum) and some room: a pending kill is tried at its ticks.</summary>
    private static readonly TimeSpan PendingKillWithin = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Cancel_of_a_job_blocked_while_running_stops_it_and_kills_its_remote_process()
    {
        await fixture.Sshd.StartAgainAsync();
        await using var tenant = await fixture.TenantAsync();
        var (id, group) = await BlockedWhileRunningAsync(tenant);
        await fixture.Sshd.StartAgainAsync();

        var cancelled = await tenant.Jobs.CancelAsync(id);

        Assert.True(cancelled.Status == HttpStatusCode.OK, cancelled.ToString());
        var job = await GetAsync(tenant.Jobs, id);
        var history = await tenant.Jobs.DescribeHistoryAsync(id);
        output.WriteLine(history);
        Assert.Equal("STOPPED", Str(job, "status"));
        Assert.Equal(["BLOCKED", "STOPPED"], (await tenant.Jobs.HistoryStatusesAsync(id)).TakeLast(2));
        Assert.DoesNotContain("could not be killed", history, StringComparison.Ordinal);
        Assert.False(await GroupAliveAsync(tenant, group), $"process group {group} still runs after the cancel: {history}");
    }

    [Fact]
    public async Task Cancel_while_the_host_is_down_stops_the_job_at_once_and_kills_its_process_once_the_host_is_back()
    {
        await fixture.Sshd.StartAgainAsync();
        await using var tenant = await fixture.TenantAsync();
        var (id, group) = await BlockedWhileRunningAsync(tenant);

        var cancelled = await tenant.Jobs.CancelAsync(id);

        Assert.True(cancelled.Status == HttpStatusCode.OK, cancelled.ToString());
        var job = await GetAsync(tenant.Jobs, id);
        Assert.Equal("STOPPED", Str(job, "status"));
        Assert.Contains("could not be killed yet", Str(job, "lastStatusMessage"), StringComparison.Ordinal);
        // The host is down, not the machine: the test still sees the process through the shared sshd.
        Assert.True(await GroupAliveAsync(tenant, group), "the process died without the kill");

        await fixture.Sshd.StartAgainAsync();
        var deadline = DateTimeOffset.UtcNow + PendingKillWithin;
        while (await GroupAliveAsync(tenant, group))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline,
                $"process group {group} still runs {PendingKillWithin.TotalSeconds:0} s after the host came back: " +
                $"{await tenant.Jobs.DescribeHistoryAsync(id)}\n{fixture.Service.Diagnostics()}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        // The kill comes before its write: the history says so moments after the process is gone.
        var killed = $"The remote work on {SshOutageFixture.SystemId} was killed.";
        string history;
        while (!(history = await tenant.Jobs.DescribeHistoryAsync(id)).Contains(killed, StringComparison.Ordinal))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"no \"{killed}\" in the history: {history}\n{fixture.Service.Diagnostics()}");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        output.WriteLine(history);
        Assert.Equal("STOPPED", Str(await GetAsync(tenant.Jobs, id), "status"));
    }

    [Fact]
    public async Task Cancel_of_a_job_blocked_before_its_launch_stops_it_and_takes_it_out_of_its_recovery_group()
    {
        await fixture.Sshd.StartAgainAsync();
        await using var tenant = await fixture.TenantAsync();
        await fixture.TakeHostDownAsync();
        try
        {
            var id = await tenant.Jobs.SubmitOkAsync(new { name = "blocked-early", appId = "sleep-1.0", archive = false, parameters = new { seconds = 1 } });
            await tenant.Jobs.WaitForStatusAsync(id, status => status == "BLOCKED" || JobsClient.TerminalStatuses.Contains(status), Within, "BLOCKED");
            await WaitForMembersAsync(tenant, count => count == 1, "the job in its recovery group");

            var cancelled = await tenant.Jobs.CancelAsync(id);

            Assert.True(cancelled.Status == HttpStatusCode.OK, cancelled.ToString());
            var job = await GetAsync(tenant.Jobs, id);
            Assert.Equal("STOPPED", Str(job, "status"));
            Assert.Null(StrOrNull(job, "remoteJobId"));
            await WaitForMembersAsync(tenant, count => count == 0, "the group to let the job go");
        }
        finally
        {
            await fixture.Sshd.StartAgainAsync();
        }
    }

    /// <summary>A sleep job RUNNING on the host, then the host down until the job is BLOCKED; returns it and its process group.</summary>
    private async Task<(string Id, string Group)> BlockedWhileRunningAsync(RemoteTestTenant tenant)
    {
        var id = await tenant.Jobs.SubmitOkAsync(new { name = "blocked-running", appId = "sleep-1.0", archive = false, parameters = new { seconds = 120 } });
        await WaitForRunningAsync(tenant.Jobs, id, Within);
        var group = Str(await GetAsync(tenant.Jobs, id), "remoteJobId");
        Assert.True(await GroupAliveAsync(tenant, group), $"process group {group} of job {id} does not run");
        await fixture.TakeHostDownAsync();
        await tenant.Jobs.WaitForStatusAsync(id, status => status == "BLOCKED" || JobsClient.TerminalStatuses.Contains(status), Within, "BLOCKED");
        Assert.Equal("BLOCKED", Str(await GetAsync(tenant.Jobs, id), "status"));
        return (id, group);
    }

    /// <summary>Whether any process of the group runs, seen over the shared test sshd as the same user.</summary>
    private static async Task<bool> GroupAliveAsync(RemoteTestTenant tenant, string group)
    {
        Assert.True(int.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 1, $"not a process group: '{group}'");
        var (exit, _, _) = await RemoteTestEnvironment.RunAsync(tenant.Ssh, $"kill -0 -- -{number.ToString(CultureInfo.InvariantCulture)}");
        return exit == 0;
    }

    private async Task WaitForMembersAsync(RemoteTestTenant tenant, Func<long, bool> accept, string what)
    {
        var deadline = DateTimeOffset.UtcNow + Within;
        while (true)
        {
            await using var connection = new Npgsql.NpgsqlConnection(fixture.Service.ConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT count(*) FROM aloe_recovery_jobs j JOIN aloe_recovery_groups g USING (group_key) WHERE g.tenant_id = @tenant", connection);
            command.Parameters.AddWithValue("tenant", tenant.TenantId);
            var count = (long)(await command.ExecuteScalarAsync())!;
            if (accept(count))
            {
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"No {what} within {Within.TotalSeconds:0} s: {count} member(s).\n{fixture.Service.Diagnostics()}");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
