using System.Net;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Network;

/// <summary>
/// An input server that drops connections, as a small file server does when many jobs fetch at once: the job's
/// message names the input, its URL and the underlying cause, never only the HTTP client's generic sentence. The
/// failure is transient, so the job ends FAILED today and BLOCKED once the lifecycle recovers transient failures:
/// either is accepted here, what is checked is what the job says.
/// </summary>
[NeedsServers]
[Collection(NetworkPolicyCollection.Name)]
public sealed class DroppedConnectionTests(NetworkPolicyServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string, string> Drops() => new()
    {
        { "resets", "the server reset the connection" },
        { "closes", "the server closed the connection before its answer was complete" },
    };

    [Theory]
    [MemberData(nameof(Drops))]
    public async Task A_dropped_connection_is_named_with_the_input_and_its_cause(string drop, string cause)
    {
        await using var server = ScriptedTcpServer.Start(NetworkPolicyServiceFixture.AllowedAddress,
            drop == "resets" ? HostileHttp.ResetsAfterRequest() : HostileHttp.ClosesAfterRequest());
        var url = $"http://{server.Authority}/words.txt";
        using var alice = fixture.Service.ClientFor(NetworkPolicyServiceFixture.Tenant, "alice");

        var id = await alice.SubmitOkAsync(new { name = "dropped", appId = "wc-1.0", archive = false, inputs = new { inputFile = url } });
        var status = await alice.WaitForStatusAsync(id, s => s is "FAILED" or "BLOCKED" || JobsClient.TerminalStatuses.Contains(s), JobTimeout,
            "FAILED or BLOCKED");

        var job = await alice.GetJobAsync(id);
        Assert.True(job.Status == HttpStatusCode.OK, job.ToString());
        var message = job.Result.GetProperty("lastStatusMessage").GetString() ?? "";
        Assert.True(status is "FAILED" or "BLOCKED", $"job {id} ended {status}: {message}");
        Assert.Contains($"Input inputFile ('{url}') could not be staged: {cause}", message, StringComparison.Ordinal);
        Assert.DoesNotContain("An error occurred while sending the request", message, StringComparison.Ordinal);
        Assert.True(server.Connections >= 1, $"the server saw no connection; job {id}: {message}");
    }
}
