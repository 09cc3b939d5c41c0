using System.Globalization;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;
using static AloeOrleans.Tests.Infrastructure.Remote.RemoteTestEnvironment;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// The job limits of a Slurm system's queue, enforced by the real service against real Slurm: jobs over a limit wait
/// BLOCKED on QUOTA_EXCEEDED and go on when a slot frees, and Slurm's own accounting shows that no more than the limit
/// ever ran at once. The recovery groups test every 2 s here (<see cref="RemoteServiceSettings"/>).
/// </summary>
[NeedsServers]
public sealed class SlurmQuotaTests(RemoteServiceFixture fixture, ITestOutputHelper output) : IClassFixture<RemoteServiceFixture>
{
    private const string System = RemoteServiceSettings.SlurmSystem;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task MaxUserJobs_2_with_6_jobs_of_one_user_never_runs_more_than_2_at_once_all_finish_and_another_user_is_not_held_back()
    {
        await using var tenant = await TenantWithQueueLimitsAsync(maxUserJobs: 2, maxJobs: null);
        using var bob = tenant.Service.ClientFor(tenant.TenantId, "bob", "Internal/subscriber");

        var alice = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            alice.Add(await tenant.Jobs.SubmitOkAsync(SleepJob($"alice-{i}", seconds: 6)));
        }

        // Alice's limit is full (two of hers hold a slot, one waits): a job of bob's in the same queue goes on regardless.
        await WaitInDatabaseAsync(tenant.Service, tenant.TenantId,
            jobs => jobs.Values.Count(job => job.Status == "BLOCKED") >= 1 && jobs.Values.Count(job => job.Status is "SUBMITTING" or "QUEUED" or "RUNNING") == 2,
            Timeout, "two of alice's jobs holding a slot and one blocked");
        var bobs = await bob.SubmitOkAsync(SleepJob("bob", seconds: 1));

        var final = await WaitInDatabaseAsync(tenant.Service, tenant.TenantId,
            jobs => jobs.Count == 7 && jobs.Values.All(job => JobsClient.TerminalStatuses.Contains(job.Status)), Timeout, "all jobs ended");
        foreach (var id in alice.Append(bobs))
        {
            Assert.True(final[id].Status == "FINISHED", $"job {id} ended {final[id].Status}: {await tenant.Jobs.DescribeHistoryAsync(id)}");
        }

        // Slurm's accounting: each job submitted once, and never more than 2 of alice's running at once.
        var slurm = await AccountingAsync(tenant, alice);
        var mostAtOnce = MostAtOnce(slurm.Select(job => (job.Start!.Value, job.End!.Value)));
        output.WriteLine(string.Join("\n", slurm.OrderBy(job => job.Start).Select(job => $"{job.JobName}: Slurm {job.JobId} {job.Start:HH:mm:ss}–{job.End:HH:mm:ss}")));
        Assert.True(mostAtOnce <= 2, $"{mostAtOnce} of alice's Slurm jobs ran at once; maxUserJobs is 2");

        // Some waited for a slot and went on, each saying why it waited and that it went on.
        var histories = await HistoriesAsync(tenant.Jobs, alice);
        var waited = histories.Where(history => history.Value.Any(e => e.Status == "BLOCKED")).ToList();
        Assert.NotEmpty(waited);
        output.WriteLine($"History of {waited[^1].Key}: {await tenant.Jobs.DescribeHistoryAsync(waited[^1].Key)}");

        // Oldest first: the jobs that waited were admitted in the order they were accepted, but for the two released
        // together by one freed pair of slots, which may swap.
        var byAcceptance = waited.OrderBy(w => w.Value.First(e => e.Status == "ACCEPTED").Created).Select(w => w.Key).ToList();
        var byAdmission = waited.OrderBy(w => w.Value.First(e => e.Status == "SUBMITTING").Created).Select(w => w.Key).ToList();
        output.WriteLine($"Waited, by acceptance: {string.Join(", ", byAcceptance)}; by admission: {string.Join(", ", byAdmission)}");
        Assert.All(byAcceptance, id => Assert.True(Math.Abs(byAcceptance.IndexOf(id) - byAdmission.IndexOf(id)) <= 1,
            $"job {id} was accepted {byAcceptance.IndexOf(id) + 1}. of those that waited but admitted {byAdmission.IndexOf(id) + 1}."));
        const string Reason = $"blocked: QUOTA_EXCEEDED, queue normal of system {System} allows 2 jobs per user (maxUserJobs); alice has 2 queued or running";
        foreach (var (id, events) in waited)
        {
            Assert.True(events.Any(e => e.Status == "BLOCKED" && e.Description.EndsWith(Reason, StringComparison.Ordinal)) &&
                        events.Any(e => e.Description.EndsWith("unblocked: QUOTA_EXCEEDED cleared; back to STAGING_JOB.", StringComparison.Ordinal)),
                $"job {id}: {await tenant.Jobs.DescribeHistoryAsync(id)}");
            var job = await GetAsync(tenant.Jobs, id);
            Assert.Equal(0, job.GetProperty("blockedCount").GetInt32());
            Assert.Equal(1, job.GetProperty("submitRetries").GetInt32());
        }

        // Bob's job never waited, and it was admitted while alice held both of her slots (as the service counts them).
        var bobHistory = (await HistoriesAsync(bob, [bobs]))[bobs];
        Assert.DoesNotContain(bobHistory, e => e.Status == "BLOCKED");
        var bobAdmitted = bobHistory.First(e => e.Status == "SUBMITTING").Created;
        var aliceHolding = histories.Values.Count(events => HoldsASlotAt(events, bobAdmitted));
        Assert.True(aliceHolding == 2, $"when bob's job was admitted ({bobAdmitted:O}) alice held {aliceHolding} slot(s), not 2: the check proves nothing");
    }

    [Fact]
    public async Task MaxJobs_2_holds_the_jobs_of_every_user_of_the_queue_together()
    {
        await using var tenant = await TenantWithQueueLimitsAsync(maxUserJobs: null, maxJobs: 2);
        using var bob = tenant.Service.ClientFor(tenant.TenantId, "bob", "Internal/subscriber");

        string[] alice = [await tenant.Jobs.SubmitOkAsync(SleepJob("alice-0", seconds: 5)), await tenant.Jobs.SubmitOkAsync(SleepJob("alice-1", seconds: 5))];
        await WaitInDatabaseAsync(tenant.Service, tenant.TenantId,
            jobs => jobs.Values.Count(job => job.Status is "QUEUED" or "RUNNING") == 2, Timeout, "alice's two jobs submitted");
        string[] bobs = [await bob.SubmitOkAsync(SleepJob("bob-0", seconds: 1)), await bob.SubmitOkAsync(SleepJob("bob-1", seconds: 1))];

        var final = await WaitInDatabaseAsync(tenant.Service, tenant.TenantId,
            jobs => jobs.Count == 4 && jobs.Values.All(job => JobsClient.TerminalStatuses.Contains(job.Status)), Timeout, "all jobs ended");
        foreach (var id in alice.Concat(bobs))
        {
            Assert.True(final[id].Status == "FINISHED", $"job {id} ended {final[id].Status}: {await tenant.Jobs.DescribeHistoryAsync(id)}");
        }

        var slurm = await AccountingAsync(tenant, [.. alice, .. bobs]);
        var mostAtOnce = MostAtOnce(slurm.Select(job => (job.Start!.Value, job.End!.Value)));
        Assert.True(mostAtOnce <= 2, $"{mostAtOnce} Slurm jobs of the queue ran at once; maxJobs is 2");

        // Bob holds nothing: his jobs waited for alice's, on the queue's limit.
        const string Reason = $"blocked: QUOTA_EXCEEDED, queue normal of system {System} allows 2 jobs at once (maxJobs); it has 2 queued or running";
        foreach (var (id, events) in await HistoriesAsync(bob, bobs))
        {
            Assert.True(events.Any(e => e.Status == "BLOCKED" && e.Description.EndsWith(Reason, StringComparison.Ordinal)),
                $"bob's job {id} did not wait on maxJobs: {await bob.DescribeHistoryAsync(id)}");
        }
    }

    private async Task<RemoteTestTenant> TenantWithQueueLimitsAsync(int? maxUserJobs, int? maxJobs)
    {
        var tenant = await RemoteTestTenant.CreateAsync(fixture.Service);
        try
        {
            var system = RemoteSystemBodies.Execution(System, "SLURM", tenant.ExecutionRoot(System));
            var queue = (JsonObject)system["queues"]![0]!;
            if (maxUserJobs is { } users)
            {
                queue["maxUserJobs"] = users;
            }

            if (maxJobs is { } jobs)
            {
                queue["maxJobs"] = jobs;
            }

            await tenant.RunOkAsync($"mkdir -p {ShellQuote(tenant.ExecutionRoot(System))}");
            await tenant.Admin.RegisterSystemAsync(system);
            await tenant.DeployAsync(RemoteApps.Sleep(System));
            return tenant;
        }
        catch
        {
            await tenant.DisposeAsync();
            throw;
        }
    }

    private static object SleepJob(string name, int seconds) =>
        new { name, appId = "sleep-1.0", archive = false, batchQueue = RemoteSystemBodies.DefaultQueue, parameters = new { seconds } };

    /// <summary>The Slurm jobs of <paramref name="ids"/> once accounting has their start and end: one per job (none submitted twice).</summary>
    private static async Task<IReadOnlyList<SacctJob>> AccountingAsync(RemoteTestTenant tenant, IReadOnlyList<string> ids)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var jobs = await SlurmAccounting.ByNamesAsync(tenant.Ssh, ids);
            if (jobs.Count >= ids.Count && jobs.All(job => job.Start is not null && job.End is not null))
            {
                Assert.Equal(ids.Order(StringComparer.Ordinal), jobs.Select(job => job.JobName).Order(StringComparer.Ordinal));
                return jobs;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"sacct did not show the start and end of all {ids.Count} jobs: {string.Join("; ", jobs)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>
    /// The most intervals [start, end) open at one instant. sacct gives whole seconds, and a job admitted after another
    /// left was submitted after that one ended, so touching ends and starts are no overlap.
    /// </summary>
    private static int MostAtOnce(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> runs) =>
        runs.SelectMany(run => new[] { (At: run.Start, Change: 1), (At: run.End, Change: -1) })
            .OrderBy(point => point.At).ThenBy(point => point.Change)
            .Aggregate((Open: 0, Most: 0), (state, point) => (state.Open + point.Change, Math.Max(state.Most, state.Open + point.Change))).Most;

    /// <summary>Whether the job held a slot at <paramref name="at"/> by its history: from SUBMITTING until it left RUNNING.</summary>
    private static bool HoldsASlotAt(IReadOnlyList<(string Status, string Description, DateTimeOffset Created)> events, DateTimeOffset at)
    {
        var from = events.FirstOrDefault(e => e.Status == "SUBMITTING").Created;
        var until = events.FirstOrDefault(e => e.Status == "CLEANING_UP").Created;
        return from != default && from <= at && (until == default || at < until);
    }

    private static async Task<Dictionary<string, IReadOnlyList<(string Status, string Description, DateTimeOffset Created)>>> HistoriesAsync(
        JobsClient jobs, IEnumerable<string> ids)
    {
        var histories = new Dictionary<string, IReadOnlyList<(string, string, DateTimeOffset)>>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var history = await jobs.GetHistoryAsync(id);
            histories[id] = history.Result.EnumerateArray()
                .Select(e => (e.GetProperty("status").GetString()!, e.GetProperty("description").GetString()!,
                    DateTimeOffset.Parse(e.GetProperty("created").GetString()!, CultureInfo.InvariantCulture)))
                .ToList();
        }

        return histories;
    }
}
