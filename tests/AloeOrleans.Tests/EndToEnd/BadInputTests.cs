using System.Net;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>Bad submissions through the real service: the right 4xx, a message naming the problem, and nothing stored.</summary>
[NeedsServers]
[Collection(EndToEndCollection.Name)]
public sealed class BadInputTests(SharedServiceFixture fixture)
{
    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "unknown field", """{"name":"n","appId":"wc-1.0","archive":false,"inputs":{"inputFile":"http://127.0.0.1:9/x"},"colour":"blue"}""", "colour" },
        { "string nodeCount", """{"name":"n","appId":"wc-1.0","archive":false,"inputs":{"inputFile":"http://127.0.0.1:9/x"},"nodeCount":"2"}""", "nodeCount" },
        { "executionSystem", """{"name":"n","appId":"wc-1.0","archive":false,"inputs":{"inputFile":"http://127.0.0.1:9/x"},"executionSystem":"local"}""", "executionSystem" },
        { "archive without archivePath", """{"name":"n","appId":"wc-1.0","archive":true,"inputs":{"inputFile":"http://127.0.0.1:9/x"}}""", "archivePath" },
        { "missing appId", """{"name":"n","archive":false}""", "appId" },
        { "undeclared parameter", """{"name":"n","appId":"echo-1.0","archive":false,"parameters":{"text":"a","txet":"b"}}""", "txet" },
        { "not JSON", """{"name":"n",""", "JSON" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_400_naming_the_field_and_stores_nothing(string what, string body, string named)
    {
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, "alice");
        var before = await CountsAsync();

        var response = await alice.SubmitRawAsync(body, "application/json");

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{what}: {response}");
        Assert.Equal("error", response.Body.GetProperty("status").GetString());
        Assert.Contains(named, response.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_wrong_content_type_is_415_and_stores_nothing()
    {
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, "alice");
        var before = await CountsAsync();

        var response = await alice.SubmitRawAsync(
            """{"name":"n","appId":"echo-1.0","archive":false,"parameters":{"text":"a"}}""", "text/plain");

        Assert.True(response.Status == HttpStatusCode.UnsupportedMediaType, response.ToString());
        Assert.Contains("application/json", response.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_submission_without_a_token_or_with_a_foreign_token_is_401_and_stores_nothing()
    {
        var service = fixture.Service;
        var before = await CountsAsync();
        const string Body = """{"name":"n","appId":"echo-1.0","archive":false,"parameters":{"text":"a"}}""";

        using var anonymous = new JobsClient(service.BaseAddress, token: null);
        var noToken = await anonymous.SubmitRawAsync(Body, "application/json");
        Assert.True(noToken.Status == HttpStatusCode.Unauthorized, $"no token: {noToken}");

        var foreignKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(64);
        var forged = AloeOrleans.Gateway.Auth.JwtTokenFactory.Create(new AloeOrleans.Gateway.Auth.JwtOptions(), foreignKey, "dev", "alice", [],
            DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        using var forger = new JobsClient(service.BaseAddress, forged);
        var forgedAnswer = await forger.SubmitRawAsync(Body, "application/json");
        Assert.True(forgedAnswer.Status == HttpStatusCode.Unauthorized, $"token signed with another key: {forgedAnswer}");

        Assert.Equal(before, await CountsAsync());
    }

    private async Task<(long Jobs, long Events)> CountsAsync() =>
        (await fixture.Service.CountRowsAsync("aloe_jobs"), await fixture.Service.CountRowsAsync("aloe_job_events"));
}
