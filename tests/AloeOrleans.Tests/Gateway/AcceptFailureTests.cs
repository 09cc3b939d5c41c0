using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Jobs;
using Npgsql;
using Orleans.Runtime;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

/// <summary>
/// What a failed accept call says about the job: unknown whenever the commit may have happened, "nothing stored" only
/// when the database itself refused the write, and a bug otherwise.
/// </summary>
public sealed class AcceptFailureTests
{
    public static TheoryData<string, Exception, SubmitStatus?> Failures() => new()
    {
        { "grain call timeout", new TimeoutException("Response did not arrive on time in 00:00:30 for message: Request job/…"), SubmitStatus.OutcomeUnknown },
        { "silo lost mid-call", new SiloUnavailableException("The target silo became unavailable for message"), SubmitStatus.OutcomeUnknown },
        { "another cluster failure", new OrleansException("the call could not be completed"), SubmitStatus.OutcomeUnknown },
        { "database connection broken", new NpgsqlException("Exception while reading from stream", new IOException("Connection reset")), SubmitStatus.OutcomeUnknown },
        { "database command timeout", new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading")), SubmitStatus.OutcomeUnknown },
        { "socket", new SocketException((int)SocketError.ConnectionReset), SubmitStatus.OutcomeUnknown },
        { "database shutting down", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"), SubmitStatus.Unavailable },
        { "too many connections", new PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300"), SubmitStatus.Unavailable },
        { "a value too long (a bug)", new PostgresException("value too long for type character varying(64)", "ERROR", "ERROR", "22001"), null },
        { "a bug", new InvalidOperationException("Job x was neither inserted nor found."), null },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_failure_is_unknown_unless_the_database_refused_the_write(string what, Exception exception, SubmitStatus? expected) =>
        Assert.True(AcceptFailure.Classify(exception)?.Status == expected, $"{what}: {AcceptFailure.Classify(exception)}");

    [Fact]
    public void The_unknown_outcome_names_the_key_to_retry_with_and_the_job_id_it_would_have()
    {
        var job = Guid.NewGuid();

        var message = AcceptFailure.OutcomeUnknownMessage("the job cluster did not answer in time", job, "key-42");

        Assert.Contains("The outcome of this submission is unknown: the job cluster did not answer in time", message, StringComparison.Ordinal);
        Assert.Contains($"its id is {job}", message, StringComparison.Ordinal);
        Assert.Contains("Retry with the same Idempotency-Key ('key-42')", message, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing was stored", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_outcome_is_503_with_its_message()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var message = AcceptFailure.OutcomeUnknownMessage("the job cluster did not answer in time", Guid.NewGuid(), "key-7");
        host.Submissions.Next = new SubmitResult(SubmitStatus.OutcomeUnknown, null, [], message);
        var request = host.Request(HttpMethod.Post, "/jobs/v2", host.Token(), new StringContent("{}", Encoding.UTF8, "application/json"));
        request.Headers.Add("Idempotency-Key", "key-7");

        var response = await host.Client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("error", (string?)body["status"]);
        Assert.Equal(message, (string?)body["message"]);
    }

    [Fact]
    public void Without_a_key_the_unknown_outcome_warns_that_a_retry_may_store_a_second_job()
    {
        var message = AcceptFailure.OutcomeUnknownMessage("the job cluster did not answer in time", Guid.NewGuid(), null);

        Assert.Contains("no Idempotency-Key header, so a retry may create a second job", message, StringComparison.Ordinal);
    }
}
