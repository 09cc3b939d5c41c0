using AloeOrleans.Tests.EndToEnd.Remote;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Faults;

/// <summary>
/// slurmctld stops while jobs are QUEUED or RUNNING: their status checks fail, and after the (shortened) limit of
/// unanswered checks they are BLOCKED; the controller comes back, they are followed to their end, and Slurm's
/// accounting shows each submitted once.
/// </summary>
[NeedsServers]
[Collection(SlurmOutageCollection.Name)]
public sealed class SlurmControllerOutageTests(ITestOutputHelper output)
{
    private const int JobCount = 4;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(120);
    private static readonly HashSet<string> InSlurm = new(StringComparer.Ordinal) { "QUEUED", "RUNNING" };

    [Fact]
    public async Task Jobs_in_Slurm_when_the_controller_stops_block_and_finish_once_it_is_back_none_submitted_twice()
    {
        await using var service = await AloeServiceProcess.StartAsync(environment: FaultServiceSettings.Environment(RemoteServiceSettings.SlurmSystem));
        await using var tenant = await RemoteTestTenant.WithSlurmAppAsync(service, RemoteApps.Sleep);
        var ids = await Task.WhenAll(Enumerable.Range(0, JobCount).Select(i => tenant.Jobs.SubmitOkAsync(new
        {
            name = $"ctld-{i}", appId = "sleep-1.0", archive = false, parameters = new { seconds = 15 },
        })));
        await WaitInDatabaseAsync(service, tenant.TenantId, jobs => jobs.Count == JobCount && jobs.Values.All(job => InSlurm.Contains(job.Status)),
            Within, "every job QUEUED or RUNNING");

        try
        {
            await SlurmController.StopAsync();
            var blocked = await WaitInDatabaseAsync(service, tenant.TenantId,
                jobs => jobs.Values.All(job => job.Status == "BLOCKED") || jobs.Values.Any(job => JobsClient.TerminalStatuses.Contains(job.Status)),
                Within, "every job BLOCKED");
            Assert.True(blocked.Values.All(job => job.Status == "BLOCKED"), Describe(blocked.Values.Select(job => job.Status)));
        }
        finally
        {
            await SlurmController.StartAsync();
        }

        var history = await tenant.Jobs.DescribeHistoryAsync(ids[0]);
        output.WriteLine(history);
        Assert.Contains($"no status check was answered for more than", history, StringComparison.Ordinal);

        var final = await WaitInDatabaseAsync(service, tenant.TenantId,
            jobs => jobs.Values.All(job => JobsClient.TerminalStatuses.Contains(job.Status)), Within, "every job ended");
        foreach (var id in ids)
        {
            var described = await tenant.Jobs.DescribeHistoryAsync(id);
            Assert.True(final[id].Status == "FINISHED", $"job {id}: {described}\n{service.Diagnostics()}");
            Assert.Contains("unblocked: ", described, StringComparison.Ordinal);
            var job = await GetAsync(tenant.Jobs, id);
            Assert.True(job.GetProperty("submitRetries").GetInt32() == 1, $"job {id} was submitted again: {described}");
        }

        // Slurm's side: one job per UUID, the one the service recorded, completed (accounting can lag by moments).
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        IReadOnlyList<SacctJob> accounted;
        while ((accounted = await SlurmAccounting.ByNamesAsync(tenant.Ssh, ids)).Select(job => job.JobName).Distinct().Count() < JobCount
               || accounted.Any(job => job.State != "COMPLETED"))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"sacct does not show all {JobCount} jobs COMPLETED: {string.Join("; ", accounted)}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(JobCount, accounted.Count);
        foreach (var id in ids)
        {
            Assert.Equal(final[id].RemoteJobId, Assert.Single(accounted, job => job.JobName == id).JobId);
        }
    }
}
