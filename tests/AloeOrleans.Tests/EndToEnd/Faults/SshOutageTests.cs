using AloeOrleans.Tests.EndToEnd.Remote;
using Npgsql;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Faults;

/// <summary>
/// The execution host goes down (its sshd stopped by scripts/sshd.sh, its connections cut) while jobs stage or run:
/// they go BLOCKED, never FAILED, wait in one recovery group tested with one connection per attempt however many jobs
/// wait, survive a SIGKILL of the service, and all finish once the host is back.
/// </summary>
[NeedsServers]
public sealed class SshOutageTests(SshOutageFixture fixture, ITestOutputHelper output) : IClassFixture<SshOutageFixture>
{
    private static readonly TimeSpan BlockWithin = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan FinishWithin = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task Jobs_staging_or_running_when_the_host_goes_down_block_and_all_finish_when_it_is_back()
    {
        await fixture.Sshd.StartAgainAsync();
        await using var tenant = await fixture.TenantAsync();
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await tenant.Jobs.SubmitOkAsync(new { name = $"outage-{i}", appId = "sleep-1.0", archive = false, parameters = new { seconds = 8 } }));
        }

        // Some run, the others are on their way: the host goes down under both.
        await WaitUntilAsync(tenant, ids, statuses => statuses.Count(status => status == "RUNNING") >= 3, BlockWithin, "3 jobs RUNNING");
        var before = await StatusesAsync(tenant.Jobs, ids);
        output.WriteLine($"when the host went down: {Describe(before.Values)}");
        await fixture.TakeHostDownAsync();

        await WaitUntilAsync(tenant, ids, statuses => statuses.All(status => status == "BLOCKED"), BlockWithin, "every job BLOCKED");
        await fixture.Sshd.StartAgainAsync();
        await WaitUntilAsync(tenant, ids, statuses => statuses.All(JobsClient.TerminalStatuses.Contains), FinishWithin, "every job ended");

        foreach (var id in ids)
        {
            var history = await tenant.Jobs.DescribeHistoryAsync(id);
            var job = await GetAsync(tenant.Jobs, id);
            Assert.True(Str(job, "status") == "FINISHED", $"job {id}: {history}\n{fixture.Service.Diagnostics()}");
            Assert.Contains("blocked: SSH_CONNECTION_FAILURE, ", history, StringComparison.Ordinal);
            Assert.Contains("unblocked: SSH_CONNECTION_FAILURE cleared", history, StringComparison.Ordinal);
            Assert.True(job.GetProperty("blockedCount").GetInt32() >= 1, $"job {id}: {job}");
            if (before[id] == "RUNNING")
            {
                // Running when the host went down: followed, not launched again.
                Assert.True(job.GetProperty("submitRetries").GetInt32() == 1, $"job {id} was launched again: {history}");
            }
        }
    }

    [Fact]
    public async Task Fifty_jobs_blocked_on_one_host_cost_one_connection_per_recovery_test_survive_a_SIGKILL_and_finish()
    {
        await fixture.Sshd.StartAgainAsync();
        await using var tenant = await fixture.TenantAsync();
        await fixture.TakeHostDownAsync();
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add(await tenant.Jobs.SubmitOkAsync(new { name = $"down-{i}", appId = "sleep-1.0", archive = false, parameters = new { seconds = 1 } }));
        }

        await WaitUntilAsync(tenant, ids, statuses => statuses.All(status => status == "BLOCKED"), BlockWithin, "every job BLOCKED");

        // A crash while they wait: after the restart they are still BLOCKED, in their group.
        await fixture.Service.KillAsync();
        await fixture.Service.RestartAsync();
        var restarted = await StatusesAsync(tenant.Jobs, ids);
        Assert.True(restarted.Values.All(status => status == "BLOCKED"), $"after the restart: {Describe(restarted.Values)}");

        // Count the connections the service opens to the host over three recovery tests of the group.
        await WaitForGroupAsync(tenant.TenantId, group => group.Jobs == ids.Count, "all 50 jobs in one group");
        fixture.Relay.ResetCount();
        var first = await GroupAsync(tenant.TenantId);
        var last = await WaitForGroupAsync(tenant.TenantId, group => group.Attempts >= first.Attempts + 3, "three more recovery tests");
        var connections = fixture.Relay.Accepted;
        var tests = last.Attempts - first.Attempts;
        output.WriteLine($"{tests} recovery test(s) of {last.Jobs} blocked job(s) opened {connections} connection(s)");
        Assert.Equal(1, last.Groups);
        Assert.InRange(connections, tests - 1, tests + 1);

        await fixture.Sshd.StartAgainAsync();
        await WaitUntilAsync(tenant, ids, statuses => statuses.All(JobsClient.TerminalStatuses.Contains), FinishWithin, "every job ended");
        foreach (var id in ids)
        {
            var history = await tenant.Jobs.DescribeHistoryAsync(id);
            Assert.True(Str(await GetAsync(tenant.Jobs, id), "status") == "FINISHED", $"job {id}: {history}");
            Assert.Contains("unblocked: SSH_CONNECTION_FAILURE cleared", history, StringComparison.Ordinal);
        }

        Assert.Equal(0, (await GroupAsync(tenant.TenantId)).Jobs);
    }

    /// <summary>The tenant's recovery groups as the database holds them: how many, their jobs, their tests so far.</summary>
    private async Task<(int Groups, int Jobs, int Attempts)> GroupAsync(string tenantId)
    {
        await using var connection = new NpgsqlConnection(fixture.Service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT count(DISTINCT g.group_key)::int, count(j.job_uuid)::int,
                   coalesce((SELECT sum(attempts) FROM aloe_recovery_groups WHERE tenant_id = @tenant), 0)::int
            FROM aloe_recovery_groups g LEFT JOIN aloe_recovery_jobs j ON j.group_key = g.group_key
            WHERE g.tenant_id = @tenant
            """, connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
    }

    private async Task<(int Groups, int Jobs, int Attempts)> WaitForGroupAsync(string tenantId, Func<(int Groups, int Jobs, int Attempts), bool> accept, string what)
    {
        var deadline = DateTimeOffset.UtcNow + BlockWithin;
        while (true)
        {
            var group = await GroupAsync(tenantId);
            if (accept(group))
            {
                return group;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"No {what} within {BlockWithin}: {group}\n{fixture.Service.Diagnostics()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private async Task WaitUntilAsync(RemoteTestTenant tenant, IReadOnlyList<string> ids, Func<IReadOnlyCollection<string>, bool> accept, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var statuses = await StatusesAsync(tenant.Jobs, ids);
            if (accept(statuses.Values))
            {
                return;
            }

            var failed = statuses.FirstOrDefault(pair => pair.Value is "FAILED" or "STOPPED");
            if (failed.Key is not null || DateTimeOffset.UtcNow > deadline)
            {
                var example = failed.Key ?? statuses.FirstOrDefault(pair => pair.Value != "BLOCKED").Key ?? ids[0];
                throw new TimeoutException(
                    $"Not {what} within {timeout.TotalSeconds:0} s: {Describe(statuses.Values)}.\n" +
                    $"Job {example}: {await tenant.Jobs.DescribeHistoryAsync(example)}\n{fixture.Service.Diagnostics()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private static async Task<Dictionary<string, string>> StatusesAsync(JobsClient jobs, IReadOnlyList<string> ids)
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var response = await jobs.GetStatusAsync(id);
            statuses[id] = response.Status == System.Net.HttpStatusCode.OK
                ? response.Result.GetProperty("status").GetString()!
                : "ACCEPTED";
        }

        return statuses;
    }
}
