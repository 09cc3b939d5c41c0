using System.Net;
using System.Text.Json;
using AloeOrleans.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// An input on an SFTP storage system whose host does not answer (registered with a port nobody listens on) blocks the
/// job on SSH_CONNECTION_FAILURE in a group that tests that storage system, not the job's execution system (which
/// answers all along): the job stays blocked, once, until the admin fixes the system's port, then finishes.
/// </summary>
[NeedsServers]
public sealed class SftpStorageRecoveryTests(RemoteServiceFixture fixture, ITestOutputHelper output) : IClassFixture<RemoteServiceFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_job_whose_input_storage_is_down_waits_on_that_storage_and_finishes_once_the_admin_fixes_it()
    {
        await using var tenant = await RemoteTestTenant.CreateAsync(fixture.Service);
        var inputs = RemoteServiceSettings.InputsSystem;
        await tenant.RegisterExecutionSystemAsync(RemoteServiceSettings.ForkSystem, "FORK");
        await tenant.DeployAsync(RemoteApps.Cat(RemoteServiceSettings.ForkSystem));
        await tenant.PutSftpInputAsync("words.txt", "one two three\n");
        var storage = RemoteSystemBodies.SftpStorage(inputs, tenant.InputsFolder);
        storage["storage"]!["port"] = TestPorts.Free();
        await tenant.Admin.RegisterSystemAsync(storage);

        var id = await tenant.Jobs.SubmitOkAsync(new
        {
            name = "storage-down", appId = "cat-1.0", archive = false, inputs = new { data = $"agave://{inputs}/{RemoteTestTenant.User}/words.txt" },
        });
        await tenant.Jobs.WaitForStatusAsync(id, status => status == "BLOCKED" || JobsClient.TerminalStatuses.Contains(status), Within, "BLOCKED");
        var blocked = await GetAsync(tenant.Jobs, id);
        Assert.True(Str(blocked, "status") == "BLOCKED", $"job {id}: {await tenant.Jobs.DescribeHistoryAsync(id)}");
        Assert.StartsWith("blocked: SSH_CONNECTION_FAILURE, Input data", Str(blocked, "lastStatusMessage"), StringComparison.Ordinal);

        // The group tests the storage system's SFTP host; a test fails and the job stays blocked (the execution system
        // answers, so a test of it would have let the job run into the same wall again and again).
        var group = await WaitForTestedGroupAsync(tenant);
        output.WriteLine(group.ToString());
        Assert.Equal(("SSH_CONNECTION_FAILURE", "Ssh", $"{inputs} storage"),
            (Str(group, "condition"), Str(group, "tester"), Str(group, "testerParameters")));
        Assert.Contains($"system {inputs}", Str(group, "lastResult"), StringComparison.Ordinal);
        var detail = await tenant.Admin.GetAsync($"jobs/v2/recovery/{Str(group, "id")}");
        Assert.Equal([id], detail.Result.GetProperty("jobs").EnumerateArray().Select(job => Str(job, "id")));
        var stillBlocked = await GetAsync(tenant.Jobs, id);
        Assert.Equal(("BLOCKED", 1), (Str(stillBlocked, "status"), stillBlocked.GetProperty("blockedCount").GetInt32()));

        var fixedStorage = await tenant.Admin.PostAsync($"systems/v2/{inputs}", RemoteSystemBodies.SftpStorage(inputs, tenant.InputsFolder));
        Assert.True(fixedStorage.Status == HttpStatusCode.OK, fixedStorage.ToString());
        var final = await tenant.Jobs.WaitForTerminalAsync(id, Within);

        var history = await tenant.Jobs.DescribeHistoryAsync(id);
        Assert.True(final == "FINISHED", $"job {id} ended {final}: {history}");
        Assert.Contains("unblocked: SSH_CONNECTION_FAILURE cleared; back to STAGING_INPUTS.", history, StringComparison.Ordinal);
        Assert.Equal(1, (await GetAsync(tenant.Jobs, id)).GetProperty("blockedCount").GetInt32());
    }

    private static async Task<JsonElement> WaitForTestedGroupAsync(RemoteTestTenant tenant)
    {
        var deadline = DateTimeOffset.UtcNow + Within;
        while (true)
        {
            var groups = await tenant.Admin.GetAsync("jobs/v2/recovery");
            Assert.True(groups.Status == HttpStatusCode.OK, groups.ToString());
            var tested = groups.Result.EnumerateArray().FirstOrDefault(group => group.GetProperty("attempts").GetInt32() >= 1);
            if (tested.ValueKind == JsonValueKind.Object)
            {
                return tested;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"No tested recovery group in tenant {tenant.TenantId}: {groups}\n{tenant.Service.Diagnostics()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
