using System.Net;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.Grains.Persistence;
using Npgsql;
using Orleans.Runtime;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

/// <summary>A cancel whose grain call fails answers a clear 503 or 409 that says what to do, never a 500.</summary>
public sealed class CancelFailureTests
{
    public static TheoryData<string, Exception, int, string> Failures() => new()
    {
        { "grain call timeout", new TimeoutException("Response did not arrive on time"), 503, "did not complete in time" },
        { "silo lost", new SiloUnavailableException("gone"), 503, "may or may not have taken effect" },
        { "database down", new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111)), 503, "may not have been recorded" },
        { "database command timeout", new NpgsqlException("Exception while reading", new TimeoutException("Timeout")), 503, "may not have been recorded" },
        { "another writer", new JobVersionConflictException(Guid.Empty, 3), 409, "changed while it was being cancelled" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failed_cancel_call_is_a_clear_answer_over_http(string what, Exception exception, int status, string expected)
    {
        await using var host = await GatewayTestHost.StartAsync();
        var job = TestJobs.Make(owner: "alice");
        host.Queries.Jobs.Add(job);
        host.Actions.Failure = exception;

        var response = await host.Client.SendAsync(host.Request(HttpMethod.Post, $"/jobs/v2/{job.Uuid}/cancel", host.Token()));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.True((int)response.StatusCode == status, $"{what}: {(int)response.StatusCode} {body}");
        Assert.Equal("error", (string?)body["status"]);
        Assert.Contains(expected, (string?)body["message"], StringComparison.Ordinal);
        Assert.Contains(job.Uuid.ToString(), (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_bug_is_left_to_the_envelope()
    {
        Assert.Null(CancelFailure.Classify(new InvalidOperationException("bug"), Guid.NewGuid()));
        Assert.NotEqual(HttpStatusCode.InternalServerError, (HttpStatusCode)CancelFailure.Classify(new TimeoutException(), Guid.NewGuid())!.Value.StatusCode);
    }
}
