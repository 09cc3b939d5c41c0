using System.Globalization;
using System.Net;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Pause;

/// <summary>
/// Pause and resume through the real service on this host: a RUNNING FORK job's processes really stop and go on, a
/// PAUSED job survives a restart of the service, a cancel of a paused job kills its stopped processes, and jobs paused
/// before their launch give their worker slot back and take one again through their tenant queue.
/// </summary>
[NeedsServers]
public sealed class LocalPauseTests(PauseServiceFixture fixture, ITestOutputHelper output) : IClassFixture<PauseServiceFixture>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(20);

    // How long a paused job is watched to see that it does not go on: many ticks of the counter, several status checks.
    private static readonly TimeSpan StandStill = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task A_running_job_stops_counting_while_paused_stays_paused_across_a_restart_and_finishes_after_resume()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        using var bob = service.ClientFor(E2eCatalog.Tenant, "bob");
        using var otherTenant = service.ClientFor("other", "alice");
        var id = await alice.SubmitOkAsync(new { name = "counter", appId = PauseSeed.CounterApp, archive = false });
        await WaitForRunningAsync(alice, id, JobTimeout);
        var running = await GetAsync(alice, id);
        var group = int.Parse(Str(running, "remoteJobId"), CultureInfo.InvariantCulture);
        await WaitUntilAsync(() => PauseSeed.Count(service, "alice", id) >= 3, ProcessTimeout, "the counter's first lines", alice, id);

        // Nobody else: another user of the tenant and the same user name in another tenant see no such job.
        foreach (var stranger in new[] { bob, otherTenant })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PauseAsync(id)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.ResumeAsync(id)).Status);
        }

        // Hostile ids are refused before any job is looked at.
        foreach (var hostile in new[] { "..%2F..%2Fetc%2Fpasswd", $"{id}%27%20OR%20%271%27%3D%271", "%00", new string('9', 3000) })
        {
            foreach (var answer in new[] { await alice.PauseAsync(hostile), await alice.ResumeAsync(hostile) })
            {
                Assert.True((int)answer.Status is >= 400 and < 500, $"pause or resume of '{hostile[..Math.Min(40, hostile.Length)]}': {answer}");
            }
        }

        Assert.Equal("RUNNING", Str((await alice.GetStatusAsync(id)).Result, "status"));

        var pause = await alice.PauseAsync(id);
        Assert.True(pause.Status == HttpStatusCode.OK, $"pause: {pause}");
        Assert.Equal("PAUSED", Str(pause.Result, "status"));
        Assert.Contains("SIGSTOP", Str(pause.Result, "lastStatusMessage"), StringComparison.Ordinal);
        var counted = await AssertStoppedAsync(service, group, id);

        // Asking again changes nothing.
        var again = await alice.PauseAsync(id);
        Assert.True(again.Status == HttpStatusCode.OK && Str(again.Result, "status") == "PAUSED", $"second pause: {again}");

        // A crash of the service changes nothing either: the job is still PAUSED and its processes still stopped.
        await service.KillAsync();
        await service.RestartAsync();
        Assert.Equal("PAUSED", Str((await alice.GetStatusAsync(id)).Result, "status"));
        Assert.Equal(counted, await AssertStoppedAsync(service, group, id));

        var resume = await alice.ResumeAsync(id);
        Assert.True(resume.Status == HttpStatusCode.OK, $"resume: {resume}");
        await WaitForRunningAsync(alice, id, JobTimeout);
        await WaitUntilAsync(() => PauseSeed.Count(service, "alice", id) > counted, ProcessTimeout, "the counter going on", alice, id);
        var twice = await alice.ResumeAsync(id);
        Assert.True(twice.Status == HttpStatusCode.Conflict, $"resume of a RUNNING job: {twice}");
        Assert.Contains("not PAUSED", twice.Message, StringComparison.Ordinal);

        var final = await alice.WaitForTerminalAsync(id, JobTimeout);
        var history = await alice.DescribeHistoryAsync(id);
        output.WriteLine(history);
        Assert.True(final == "FINISHED", $"job {id} ended {final}: {history}");
        Assert.Equal(PauseSeed.Ticks, PauseSeed.Count(service, "alice", id));
        var statuses = Collapse(await alice.HistoryStatusesAsync(id));
        Assert.True(statuses.SkipWhile(status => status != "RUNNING").Take(3).SequenceEqual(["RUNNING", "PAUSED", "RUNNING"]),
            $"history {string.Join(", ", statuses)}");
        var finished = await GetAsync(alice, id);
        Assert.Equal(Str(running, "remoteStarted"), Str(finished, "remoteStarted"));
        var events = (await alice.GetHistoryAsync(id)).Result.EnumerateArray().ToList();
        var paused = events.Single(e => e.GetProperty("status").GetString() == "PAUSED");
        Assert.Equal("alice", paused.GetProperty("createdBy").GetString());
        Assert.Contains($"Paused by alice: Process group {group} of the job on this host was stopped (SIGSTOP).",
            paused.GetProperty("description").GetString(), StringComparison.Ordinal);
        var resumed = events.SkipWhile(e => e.GetProperty("status").GetString() != "PAUSED").Skip(1).First();
        Assert.Equal(("RUNNING", "alice"), (resumed.GetProperty("status").GetString(), resumed.GetProperty("createdBy").GetString()));
        Assert.Contains("continued (SIGCONT)", resumed.GetProperty("description").GetString(), StringComparison.Ordinal);

        // An ended job can be neither paused nor resumed; the answer names its status.
        foreach (var ask in new Func<string, Task<ApiResponse>>[] { alice.PauseAsync, alice.ResumeAsync })
        {
            var refused = await ask(id);
            Assert.True(refused.Status == HttpStatusCode.Conflict, $"pause or resume of a FINISHED job: {refused}");
            Assert.Contains("has ended (FINISHED)", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cancel_of_a_paused_running_job_stops_it_and_kills_its_stopped_processes()
    {
        var service = fixture.Service;
        using var carol = service.ClientFor(E2eCatalog.Tenant, "carol");
        var id = await carol.SubmitOkAsync(new { name = "sleeper", appId = E2eCatalog.SleepApp, archive = false });
        await WaitForRunningAsync(carol, id, JobTimeout);
        var group = int.Parse(Str(await GetAsync(carol, id), "remoteJobId"), CultureInfo.InvariantCulture);
        // The app's shell and its two sleeps are started a moment after the wrapper.
        await WaitUntilAsync(() => ProcessGroups.Members(group).Count >= 3, ProcessTimeout, "the app's processes", carol, id);

        var pause = await carol.PauseAsync(id);
        Assert.True(pause.Status == HttpStatusCode.OK, $"pause: {pause}");
        await WaitUntilAsync(() => ProcessGroups.MemberStates(group).All(member => member.State == 'T'), ProcessTimeout,
            "every process of the group stopped", carol, id);

        var cancel = await carol.CancelAsync(id);
        Assert.True(cancel.Status == HttpStatusCode.OK, $"cancel: {cancel}");
        Assert.Equal("STOPPED", await carol.WaitForTerminalAsync(id, JobTimeout));
        await WaitUntilAsync(() => ProcessGroups.Members(group).Count == 0, ProcessTimeout, "the stopped processes gone", carol, id);
        var statuses = await carol.HistoryStatusesAsync(id);
        Assert.Equal(["PAUSED", "STOPPED"], statuses.TakeLast(2));
        Assert.Equal(JsonValueKind.String, (await GetAsync(carol, id)).GetProperty("remoteEnded").ValueKind);
    }

    [Fact]
    public async Task Jobs_paused_before_their_launch_give_their_worker_slot_back_and_take_one_again_through_their_queue()
    {
        var service = fixture.Service;
        using var pat = service.ClientFor(E2eCatalog.Tenant, "pat");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var input = fixture.Files.AddGated($"slow-{Guid.NewGuid():N}.txt", "one two three\n"u8.ToArray(), gate.Task);
        var sleepers = new List<string>();
        try
        {
            // A job staging its input (its download hangs) is paused: the download is dropped and its slot given back.
            var staging = await pat.SubmitOkAsync(new { name = "staging", appId = E2eCatalog.CatApp, archive = false, inputs = new { files = input } });
            await pat.WaitForStatusAsync(staging, status => status == "STAGING_INPUTS", JobTimeout, "STAGING_INPUTS");
            var pause = await pat.PauseAsync(staging);
            Assert.True(pause.Status == HttpStatusCode.OK && Str(pause.Result, "status") == "PAUSED", $"pause in STAGING_INPUTS: {pause}");

            // So both of pat's slots are free for two sleepers, and a third job waits for a slot in PENDING.
            for (var i = 0; i < PauseServiceFixture.WorkersPerUser; i++)
            {
                sleepers.Add(await pat.SubmitOkAsync(new { name = $"sleeper-{i}", appId = E2eCatalog.SleepApp, archive = false }));
            }

            foreach (var sleeper in sleepers)
            {
                await WaitForRunningAsync(pat, sleeper, JobTimeout);
            }

            var waiting = await pat.SubmitOkAsync(new { name = "waiting", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "x" } });
            await pat.WaitForStatusAsync(waiting, status => status == "PENDING", JobTimeout, "PENDING");
            var pauseWaiting = await pat.PauseAsync(waiting);
            Assert.True(pauseWaiting.Status == HttpStatusCode.OK && Str(pauseWaiting.Result, "status") == "PAUSED", $"pause in PENDING: {pauseWaiting}");

            // The input's server answers now; a paused job does not go on by itself.
            gate.TrySetResult();
            await AssertStaysAsync(pat, staging, "PAUSED");

            // Resumed, the staging job needs a worker slot again: it stays PAUSED, saying so, until one frees.
            var resume = await pat.ResumeAsync(staging);
            Assert.True(resume.Status == HttpStatusCode.OK, $"resume: {resume}");
            Assert.Equal("PAUSED", Str(resume.Result, "status"));
            Assert.Contains("Resume requested by pat", Str(resume.Result, "lastStatusMessage"), StringComparison.Ordinal);
            await AssertStaysAsync(pat, staging, "PAUSED");

            // A slot frees: the resumed job takes it (not the one still paused), stages its input again and finishes.
            Assert.Equal(HttpStatusCode.OK, (await pat.CancelAsync(sleepers[0])).Status);
            var final = await pat.WaitForTerminalAsync(staging, JobTimeout);
            Assert.True(final == "FINISHED", $"job {staging} ended {final}: {await pat.DescribeHistoryAsync(staging)}");
            var stagingHistory = Collapse(await pat.HistoryStatusesAsync(staging));
            output.WriteLine($"staging job: {string.Join(", ", stagingHistory)}");
            Assert.True(stagingHistory.SkipWhile(status => status != "STAGING_INPUTS").Take(4).SequenceEqual(["STAGING_INPUTS", "PAUSED", "STAGING_INPUTS", "STAGED"]),
                $"history {string.Join(", ", stagingHistory)}");
            Assert.Equal("PAUSED", Str((await pat.GetStatusAsync(waiting)).Result, "status"));

            // The job paused while PENDING goes back to PENDING at once and waits there for its slot.
            var resumeWaiting = await pat.ResumeAsync(waiting);
            Assert.True(resumeWaiting.Status == HttpStatusCode.OK, $"resume of the waiting job: {resumeWaiting}");
            Assert.Equal("PENDING", Str(resumeWaiting.Result, "status"));
            Assert.Equal(HttpStatusCode.OK, (await pat.CancelAsync(sleepers[1])).Status);
            Assert.Equal("FINISHED", await pat.WaitForTerminalAsync(waiting, JobTimeout));
            Assert.Equal(["ACCEPTED", "PENDING", "PAUSED", "PENDING", "PROCESSING_INPUTS"], (await pat.HistoryStatusesAsync(waiting)).Take(5));
        }
        finally
        {
            gate.TrySetResult();
            foreach (var sleeper in sleepers)
            {
                await pat.CancelAsync(sleeper);
            }
        }
    }

    /// <summary>Waits until every process of <paramref name="group"/> is stopped, then checks the counter stands still; returns its count.</summary>
    private async Task<int> AssertStoppedAsync(AloeServiceProcess service, int group, string id)
    {
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        await WaitUntilAsync(() => ProcessGroups.MemberStates(group) is { Count: > 0 } members && members.All(member => member.State == 'T'),
            ProcessTimeout, $"every process of group {group} stopped (T)", alice, id);
        var counted = PauseSeed.Count(service, "alice", id);
        await Task.Delay(StandStill);
        Assert.Equal(counted, PauseSeed.Count(service, "alice", id));
        Assert.All(ProcessGroups.MemberStates(group), member => Assert.Equal('T', member.State));
        output.WriteLine($"paused at {counted} line(s)");
        return counted;
    }

    /// <summary>The job is in <paramref name="status"/> and still is <see cref="StandStill"/> later, at every poll.</summary>
    private static async Task AssertStaysAsync(JobsClient jobs, string id, string status)
    {
        var until = DateTimeOffset.UtcNow + StandStill;
        do
        {
            var now = Str((await jobs.GetStatusAsync(id)).Result, "status");
            Assert.True(now == status, $"job {id} is {now}, not {status}: {await jobs.DescribeHistoryAsync(id)}");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
        while (DateTimeOffset.UtcNow < until);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, JobsClient jobs, string id)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} not seen within {timeout.TotalSeconds:0} s; job {id}: {await jobs.DescribeHistoryAsync(id)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
