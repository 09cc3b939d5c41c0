using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// SIGKILL of the service with 20 Slurm jobs in flight, some launched and some still on their way to sbatch, then a
/// restart: every job finishes, and Slurm's accounting shows exactly one job per job UUID (none submitted twice).
/// Its own service, since it kills it.
/// </summary>
[NeedsServers]
public sealed class SlurmDurabilityTests(ITestOutputHelper output)
{
    private const int JobCount = 20;
    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromMinutes(5);
    private static readonly string[] Launched = ["QUEUED", "RUNNING", "CLEANING_UP", "ARCHIVING", "FINISHED"];
    private static readonly string[] NotYetSubmitted = ["ACCEPTED", "PENDING", "PROCESSING_INPUTS", "STAGING_INPUTS", "STAGED", "STAGING_JOB"];

    [Fact]
    public async Task Slurm_jobs_in_flight_when_the_service_is_killed_all_finish_and_each_is_submitted_to_Slurm_once()
    {
        await using var service = await AloeServiceProcess.StartAsync(environment: RemoteServiceSettings.FastMonitoring());
        await using var tenant = await RemoteTestTenant.WithSlurmAppAsync(service, RemoteApps.Sleep);

        var ids = await Task.WhenAll(Enumerable.Range(0, JobCount).Select(i => tenant.Jobs.SubmitOkAsync(new
        {
            name = $"durable-{i}", appId = "sleep-1.0", archive = false, parameters = new { seconds = 20 },
        })));

        // Kill as soon as the first job is launched: the others are then somewhere between staging and sbatch.
        // (Jobs that all ended before that fail the test below with their histories, without waiting the timeout.)
        await WaitInDatabaseAsync(service, tenant.TenantId,
            jobs => jobs.Values.Any(job => Launched.Contains(job.Status)) || jobs.Values.All(job => JobsClient.TerminalStatuses.Contains(job.Status)),
            LaunchTimeout, "a first launched job", TimeSpan.FromMilliseconds(50));
        await service.KillAsync();
        var atKill = await InDatabaseAsync(service, tenant.TenantId);
        output.WriteLine($"Statuses at the kill: {Describe(atKill.Values.Select(job => job.Status))}; " +
                         $"{atKill.Values.Count(job => job.Status == "SUBMITTING")} SUBMITTING, " +
                         $"{atKill.Values.Count(job => NotYetSubmitted.Contains(job.Status))} not yet submitting, " +
                         $"{atKill.Values.Count(job => job.RemoteJobId is not null)} with a remote job id recorded");
        Assert.Equal(ids.Order(StringComparer.Ordinal), atKill.Keys.Order(StringComparer.Ordinal));

        await service.RestartAsync();

        var final = await WaitInDatabaseAsync(service, tenant.TenantId,
            jobs => jobs.Values.All(job => JobsClient.TerminalStatuses.Contains(job.Status)), RecoveryTimeout, "terminal statuses after the restart");
        foreach (var id in ids)
        {
            Assert.True(final[id].Status == "FINISHED",
                $"job {id} ({atKill[id].Status} at the kill) ended {final[id].Status}: {await tenant.Jobs.DescribeHistoryAsync(id)}\n{service.Diagnostics()}");
        }

        // Slurm's side: exactly one job per UUID, the one the service recorded, completed. Accounting can lag the
        // job's end by moments, so wait until every name is known before counting.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        IReadOnlyList<SacctJob> accounted;
        while ((accounted = await SlurmAccounting.ByNamesAsync(tenant.Ssh, ids)).Select(job => job.JobName).Distinct().Count() < JobCount
               || accounted.Any(job => job.State != "COMPLETED"))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline,
                $"sacct does not show all {JobCount} jobs COMPLETED: {string.Join("; ", accounted)}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        output.WriteLine($"sacct: {string.Join("; ", accounted.Select(job => $"{job.JobId} {job.JobName} {job.State}"))}");
        foreach (var id in ids)
        {
            var slurmJobs = accounted.Where(job => job.JobName == id).ToList();
            Assert.True(slurmJobs.Count == 1,
                $"job {id} ({atKill[id].Status} at the kill) has {slurmJobs.Count} Slurm job(s): {string.Join("; ", slurmJobs)}");
            Assert.Equal(final[id].RemoteJobId, slurmJobs[0].JobId);
            var job = await GetAsync(tenant.Jobs, id);
            Assert.True(job.GetProperty("submitRetries").GetInt32() >= 1, $"job {id}: {job}");
            Assert.True(StrOrNull(job, "remoteOutcome") == "FINISHED", $"job {id}: {job}");
        }

        Assert.Equal(JobCount, accounted.Count);
    }
}
