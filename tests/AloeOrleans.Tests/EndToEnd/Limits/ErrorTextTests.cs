using System.Net;
using System.Text;
using AloeOrleans.Tests.EndToEnd.Network;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Limits;

/// <summary>
/// Error text from a hostile input server is made storable and cut to the job's columns, so the job can still fail:
/// before, a NUL in a reason phrase made every attempt to write FAILED fail, and the job retried every 5 s forever.
/// The server answers 404, a failure that stays (a 5xx would block the job to try again later).
/// </summary>
[NeedsServers]
[Collection(LimitsCollection.Name)]
public sealed class ErrorTextTests(LimitsServiceFixture fixture)
{
    // Whether the reason phrase reaches the job's message: .NET's HTTP client refuses a status line with a NUL byte as
    // invalid HTTP, so that job fails naming the invalid answer instead of quoting it.
    public static TheoryData<string, byte[], bool> ReasonPhrases() => new()
    {
        { "10 kB of text", Encoding.ASCII.GetBytes(new string('x', 10_000)), true },
        { "10 kB with a NUL byte", [.. Encoding.ASCII.GetBytes(new string('x', 100)), 0, .. Encoding.ASCII.GetBytes(new string('x', 9_899))], false },
    };

    [Theory]
    [MemberData(nameof(ReasonPhrases))]
    public async Task An_input_server_answering_404_with_a_hostile_reason_phrase_fails_the_job_with_a_cut_message(string what, byte[] reason, bool quoted)
    {
        var service = fixture.Service;
        await using var hostile = ScriptedTcpServer.Start(IPAddress.Loopback, HostileHttp.Answers(404, reason));
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");

        var id = await alice.SubmitOkAsync(new
        {
            name = "hostile-reason", appId = "wc-1.0", archive = false, inputs = new { inputFile = $"http://{hostile.Authority}/words.txt" },
        });

        Assert.Equal("FAILED", await alice.WaitForTerminalAsync(id, TimeSpan.FromSeconds(30)));
        var message = (await alice.GetJobAsync(id)).Result.GetProperty("lastStatusMessage").GetString()!;
        Assert.True(message.Length <= 2048, $"{what}: lastStatusMessage has {message.Length} characters");
        Assert.DoesNotContain('\0', message);
        var failed = (await alice.GetHistoryAsync(id)).Result.EnumerateArray()
            .Last(entry => entry.GetProperty("status").GetString() == "FAILED").GetProperty("description").GetString()!;
        Assert.True(failed.Length <= 4096, $"{what}: the FAILED event's description has {failed.Length} characters");
        Assert.DoesNotContain('\0', failed);
        if (quoted)
        {
            Assert.Contains("xxxxxxxxxx", message, StringComparison.Ordinal);
            Assert.EndsWith("[truncated]", message, StringComparison.Ordinal);
            Assert.EndsWith("[truncated]", failed, StringComparison.Ordinal);
        }
    }
}
