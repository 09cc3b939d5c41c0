using System.Net;
using System.Text.RegularExpressions;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Stranding;

/// <summary>
/// A submission whose accept call times out while the commit is still possible is answered 503 "outcome unknown",
/// naming the Idempotency-Key to retry with, never "nothing was stored": here the commit really does happen after the
/// answer, and the retry with the same key finds that job instead of creating a second one.
/// </summary>
[NeedsServers]
[Collection(StrandingCollection.Name)]
public sealed partial class SubmitOutcomeTests(StrandingServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_accept_that_outlives_the_grain_call_timeout_is_503_outcome_unknown_and_a_retry_with_the_key_finds_the_job()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var key = $"unknown-{Guid.NewGuid():N}";
        var body = new { name = "unknown", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "once" } };

        ApiResponse first;
        await using (var connection = new NpgsqlConnection(service.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            // Inserts into aloe_jobs wait for this lock (reads do not): the accept's insert commits only when it is
            // released, after the gateway's call to the job grain has timed out.
            await using (var lockJobs = new NpgsqlCommand("LOCK TABLE aloe_jobs IN SHARE ROW EXCLUSIVE MODE", connection, transaction))
            {
                await lockJobs.ExecuteNonQueryAsync();
            }

            first = await alice.SubmitAsync(body, key);
            await transaction.RollbackAsync();
        }

        Assert.True(first.Status == HttpStatusCode.ServiceUnavailable, $"submit while the insert waits: {first}");
        Assert.Contains("The outcome of this submission is unknown", first.Message, StringComparison.Ordinal);
        Assert.Contains($"Retry with the same Idempotency-Key ('{key}')", first.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing was", first.Message, StringComparison.OrdinalIgnoreCase);
        var promised = PromisedId().Match(first.Message);
        Assert.True(promised.Success, $"the answer names no job id: {first.Message}");

        var retry = await alice.SubmitAsync(body, key);

        Assert.True(retry.Status == HttpStatusCode.Created, $"retry with the same key: {retry}");
        var id = retry.Result.GetProperty("id").GetString()!;
        Assert.Equal(promised.Groups[1].Value, id);
        Assert.Equal(1L, await CountJobsWithKeyAsync(service, key));
        var final = await alice.WaitForTerminalAsync(id, JobTimeout);
        Assert.True(final == "FINISHED", $"job {id} ended {final}: {await alice.DescribeHistoryAsync(id)}");
    }

    private static async Task<long> CountJobsWithKeyAsync(AloeServiceProcess service, string key)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM aloe_jobs WHERE idempotency_key = $1", connection)
        {
            Parameters = { new() { Value = key } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex("its id is ([0-9a-f-]{36})")]
    private static partial Regex PromisedId();
}
