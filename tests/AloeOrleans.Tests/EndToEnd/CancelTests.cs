using System.Globalization;
using System.Net;
using System.Text.Json;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>Cancel through the real service: the job's whole process group dies and the job ends STOPPED.</summary>
[NeedsServers]
[Collection(EndToEndCollection.Name)]
public sealed class CancelTests(SharedServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ProcessGoneTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Cancel_of_a_running_job_stops_it_and_kills_its_whole_process_group()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var id = await alice.SubmitOkAsync(new { name = "sleeper", appId = E2eCatalog.SleepApp, archive = false });
        await alice.WaitForStatusAsync(id, status => status == "RUNNING", JobTimeout, "RUNNING");

        var job = (await alice.GetJobAsync(id)).Result;
        var group = int.Parse(job.GetProperty("remoteJobId").GetString()!, CultureInfo.InvariantCulture);
        // Wrapper, the app's shell, two sleeps (the shell may exec into one). RUNNING means the wrapper started: the app
        // starts through prlimit, setpriv and env, and forks its sleeps a moment later.
        var startDeadline = DateTimeOffset.UtcNow + ProcessGoneTimeout;
        IReadOnlyList<int> before;
        while ((before = ProcessGroups.Members(group)).Count < 3 && DateTimeOffset.UtcNow < startDeadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        Assert.True(before.Count >= 3,
            $"process group {group} of the running job has {before.Count} live process(es): {string.Join("; ", before.Select(ProcessGroups.Describe))}");

        var cancel = await alice.CancelAsync(id);
        Assert.True(cancel.Status == HttpStatusCode.OK, $"cancel: {cancel}");

        var final = await alice.WaitForTerminalAsync(id, JobTimeout);
        Assert.True(final == "STOPPED", $"job {id} ended {final}: {await alice.DescribeHistoryAsync(id)}");

        var deadline = DateTimeOffset.UtcNow + ProcessGoneTimeout;
        IReadOnlyList<int> left;
        while ((left = ProcessGroups.Members(group)).Count > 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline,
                $"{left.Count} process(es) of group {group} still alive {ProcessGoneTimeout.TotalSeconds:0} s after the job became STOPPED: " +
                $"{string.Join("; ", left.Select(ProcessGroups.Describe))}\nHistory: {await alice.DescribeHistoryAsync(id)}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        var stopped = (await alice.GetJobAsync(id)).Result;
        Assert.Equal("STOPPED", stopped.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, stopped.GetProperty("ended").ValueKind);
        var statuses = await alice.HistoryStatusesAsync(id);
        Assert.Equal("STOPPED", statuses[^1]);
        Assert.Contains("RUNNING", statuses);
    }

    [Fact]
    public async Task Cancel_during_a_hanging_input_download_stops_the_job_without_waiting_for_the_download()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var input = fixture.Files.AddGated($"hanging-{Guid.NewGuid():N}.txt", new byte[64 * 1024], gate.Task);
        try
        {
            var id = await alice.SubmitOkAsync(new
            {
                name = "hanging", appId = "wc-1.0", archive = false, inputs = new { inputFile = input },
            });
            await alice.WaitForStatusAsync(id, status => status == "STAGING_INPUTS", JobTimeout, "STAGING_INPUTS");

            var cancel = await alice.CancelAsync(id);
            Assert.True(cancel.Status == HttpStatusCode.OK, $"cancel: {cancel}");

            // The download never ends by itself while the gate is closed: only the cancel can end the job.
            var final = await alice.WaitForTerminalAsync(id, TimeSpan.FromSeconds(30));
            Assert.True(final == "STOPPED", $"job {id} ended {final}: {await alice.DescribeHistoryAsync(id)}");
            var statuses = await alice.HistoryStatusesAsync(id);
            Assert.DoesNotContain("STAGED", statuses);
            Assert.DoesNotContain("RUNNING", statuses);
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task Cancel_of_a_finished_job_is_409_and_changes_nothing()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var id = await alice.SubmitOkAsync(new
        {
            name = "quick", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "done" },
        });
        var final = await alice.WaitForTerminalAsync(id, JobTimeout);
        Assert.True(final == "FINISHED", $"job {id} ended {final}: {await alice.DescribeHistoryAsync(id)}");
        var historyBefore = await alice.HistoryStatusesAsync(id);

        var cancel = await alice.CancelAsync(id);

        Assert.True(cancel.Status == HttpStatusCode.Conflict, $"cancel of a FINISHED job: {cancel}");
        Assert.Equal("error", cancel.Body.GetProperty("status").GetString());
        Assert.Contains("FINISHED", cancel.Message, StringComparison.Ordinal);
        Assert.Equal("FINISHED", (await alice.GetJobAsync(id)).Result.GetProperty("status").GetString());
        Assert.Equal(historyBefore, await alice.HistoryStatusesAsync(id));
    }

    [Fact]
    public async Task Cancel_by_another_user_is_404_and_leaves_the_job_running()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        using var bob = service.ClientFor(E2eCatalog.Tenant, "bob");
        var id = await alice.SubmitOkAsync(new { name = "mine", appId = E2eCatalog.SleepApp, archive = false });
        try
        {
            await alice.WaitForStatusAsync(id, status => status == "RUNNING", JobTimeout, "RUNNING");

            var cancel = await bob.CancelAsync(id);

            Assert.True(cancel.Status == HttpStatusCode.NotFound, $"bob's cancel of alice's job: {cancel}");
            Assert.Equal("RUNNING", (await alice.GetStatusAsync(id)).Result.GetProperty("status").GetString());
        }
        finally
        {
            await alice.CancelAsync(id);
        }

        Assert.Equal("STOPPED", await alice.WaitForTerminalAsync(id, JobTimeout));
    }
}
