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
        var elapsed = clock.Elapsed;
        var job = await alice.GetJobAsync(id);
        return new StagedJob(id, status, job.Result.GetProperty("lastStatusMessage").GetString() ?? "", elapsed);
    }
}
