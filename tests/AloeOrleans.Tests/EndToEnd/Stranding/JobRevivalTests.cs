using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Stranding;

/// <summary>
/// Jobs that nothing would wake up (no reminder, no activation, and the start-up sweep long past) are revived by the
/// periodic sweep and finish, with the service never restarted: a job committed as ACCEPTED whose grain died before it
/// registered its reminder, and an unfinished job without a reminder that has not changed for longer than the
/// staleness limit.
/// </summary>
[NeedsServers]
[Collection(StrandingCollection.Name)]
public sealed class JobRevivalTests(StrandingServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("ACCEPTED")]
    [InlineData("PROCESSING_INPUTS")]
    public async Task A_job_row_nothing_would_wake_up_is_revived_and_finishes_without_a_restart(string status)
    {
        var service = fixture.Service;
        var pid = service.ProcessId;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var template = await alice.SubmitOkAsync(new { name = "template", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "again" } });
        Assert.Equal("FINISHED", await alice.WaitForTerminalAsync(template, JobTimeout));

        var uuid = Guid.NewGuid();
        await InsertLeftBehindAsync(service, uuid, status, Guid.Parse(template));

        var id = uuid.ToString();
        var final = await alice.WaitForTerminalAsync(id, JobTimeout);
        Assert.True(final == "FINISHED", $"job {id} ({status} in the database) ended {final}: {await alice.DescribeHistoryAsync(id)}");
        var statuses = await alice.HistoryStatusesAsync(id);
        Assert.Equal(status, statuses[0]);
        Assert.Contains("RUNNING", statuses);
        Assert.Equal(pid, service.ProcessId);
        Assert.Contains($"Revival: job {uuid}", service.LogTail(int.MaxValue), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_job_that_holds_its_reminder_is_left_alone()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var template = await alice.SubmitOkAsync(new { name = "template", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "again" } });
        Assert.Equal("FINISHED", await alice.WaitForTerminalAsync(template, JobTimeout));
        var running = await alice.SubmitOkAsync(new { name = "reminded", appId = E2eCatalog.SleepApp, archive = false });
        await alice.WaitForStatusAsync(running, status => status == "RUNNING", JobTimeout, "RUNNING");
        try
        {
            // Stale (no update for longer than StaleAfter) but with its reminder, as every healthy running job.
            await WaitUntilAsync(() => SecondsSinceUpdateAsync(service, Guid.Parse(running)), seconds => seconds > 6, "the running job to go stale");

            // A stale job without a reminder, inserted after it: once the sweep has revived this one, it has also passed
            // over the running job, which comes first in id order.
            var marker = Guid.NewGuid();
            await InsertLeftBehindAsync(service, marker, "PROCESSING_INPUTS", Guid.Parse(template));
            await WaitUntilAsync(() => Task.FromResult(service.LogTail(int.MaxValue).Contains($"Revival: job {marker}", StringComparison.Ordinal)),
                revived => revived, "the marker job's revival");

            Assert.DoesNotContain($"Revival: job {running}", service.LogTail(int.MaxValue), StringComparison.Ordinal);
            Assert.Equal("RUNNING", (await alice.GetStatusAsync(running)).Result.GetProperty("status").GetString());
        }
        finally
        {
            await alice.CancelAsync(running);
        }
    }

    private static async Task<double> SecondsSinceUpdateAsync(AloeServiceProcess service, Guid uuid)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT extract(epoch FROM now() - last_updated)::float8 FROM aloe_jobs WHERE uuid = $1", connection)
        {
            Parameters = { new() { Value = uuid } },
        };
        return (double)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTimeOffset.UtcNow + JobTimeout;
        T last;
        while (!done(last = await read()))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"timed out waiting for {what}; last: {last}");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>
    /// A copy of <paramref name="template"/>'s request, written in <paramref name="status"/> five minutes ago with its
    /// first history event, as the grain would have written it, and nothing else: no reminder, no activation.
    /// </summary>
    private static async Task InsertLeftBehindAsync(AloeServiceProcess service, Guid uuid, string status, Guid template)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(
                    "INSERT INTO aloe_jobs (uuid, name, tenant_id, tenant_queue, status, last_status_message, accepted, created, last_updated, owner, " +
                    "roles, system_id, app_id, app_uuid, archive, archive_system, node_count, processors_per_node, memory_per_node, max_hours, " +
                    "inputs, parameters, remote_queue, notifications, update_token) " +
                    "SELECT $1, 'revived', tenant_id, tenant_queue, $2, 'Left behind by the test.', $3, CASE WHEN $2 = 'ACCEPTED' THEN NULL ELSE $3 END, " +
                    "$3, owner, roles, system_id, app_id, app_uuid, false, archive_system, node_count, processors_per_node, memory_per_node, " +
                    "max_hours, inputs, parameters, remote_queue, notifications, 'revival-test' FROM aloe_jobs WHERE uuid = $4")
                {
                    Parameters = { new() { Value = uuid }, new() { Value = status }, new() { Value = DateTimeOffset.UtcNow.AddMinutes(-5) }, new() { Value = template } },
                },
                new NpgsqlBatchCommand(
                    "INSERT INTO aloe_job_events (job_uuid, event, status, created, created_by, description) " +
                    "VALUES ($1, $2, $2, $3, 'alice', 'Left behind by the test.')")
                {
                    Parameters = { new() { Value = uuid }, new() { Value = status }, new() { Value = DateTimeOffset.UtcNow.AddMinutes(-5) } },
                },
            },
        };
        await batch.ExecuteNonQueryAsync();
    }
}
