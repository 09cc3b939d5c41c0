using System.Diagnostics;

namespace AloeOrleans.Tests.EndToEnd.Network;

/// <summary>Submits a job of the network tests as alice and waits for its end.</summary>
public static class NetworkJobs
{
    public static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    /// <summary>wc-1.0 on <paramref name="inputFile"/>.</summary>
    public static Task<StagedJob> RunWcAsync(AloeServiceProcess service, string inputFile) =>
        RunAsync(service, "wc-1.0", new { inputFile });

    public static async Task<StagedJob> RunAsync(AloeServiceProcess service, string appId, object inputs)
    {
        using var alice = service.ClientFor(NetworkPolicyServiceFixture.Tenant, "alice");
        var clock = Stopwatch.StartNew();
        var id = await alice.SubmitOkAsync(new { name = "net", appId, archive = false, inputs });
        var status = await alice.WaitForTerminalAsync(id, JobTimeout);
        return await DescribeAsync(alice, id, status, clock.Elapsed);
    }

    /// <summary>
    /// wc-1.0 on <paramref name="inputFile"/>, until the job is BLOCKED (a transient failure, to be tried again later)
    /// or ended; a blocked job is then cancelled, so that it does not try again against a server the test has stopped.
    /// </summary>
    public static async Task<StagedJob> RunWcUntilBlockedAsync(AloeServiceProcess service, string inputFile)
    {
        using var alice = service.ClientFor(NetworkPolicyServiceFixture.Tenant, "alice");
        var clock = Stopwatch.StartNew();
        var id = await alice.SubmitOkAsync(new { name = "net", appId = "wc-1.0", archive = false, inputs = new { inputFile } });
        var status = await alice.WaitForStatusAsync(id, status => status == "BLOCKED" || JobsClient.TerminalStatuses.Contains(status),
            JobTimeout, "BLOCKED or a terminal status");
        var job = await DescribeAsync(alice, id, status, clock.Elapsed);
        if (status == "BLOCKED")
        {
            await alice.CancelAsync(id);
        }

        return job;
    }

    private static async Task<StagedJob> DescribeAsync(JobsClient client, string id, string status, TimeSpan elapsed)
    {
        var job = await client.GetJobAsync(id);
        return new StagedJob(id, status, job.Result.GetProperty("lastStatusMessage").GetString() ?? "", elapsed);
    }
}
