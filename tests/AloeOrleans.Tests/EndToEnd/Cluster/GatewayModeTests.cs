using System.Globalization;
using System.Net;
using AloeOrleans.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Cluster;

/// <summary>
/// The front-end mode (docs/operations.md, "Running a cluster"): a <c>gateway</c> process serves the HTTP API as an
/// Orleans client of two silos, is no silo itself, and goes on serving when one of the silos is killed.
/// </summary>
[NeedsServers]
public sealed class GatewayModeTests
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_gateway_process_serves_the_api_from_the_silos_and_survives_losing_one()
    {
        await using var first = await AloeServiceProcess.StartAsync(E2eCatalog.Write, environment: GatewayPort());
        await using var second = await AloeServiceProcess.StartPeerAsync(first, GatewayPort());
        await using var gateway = await AloeServiceProcess.StartGatewayAsync(first,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["Orleans__GrainCallTimeout"] = GrainCallTimeout });
        using var alice = gateway.ClientFor(E2eCatalog.Tenant, "alice");

        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await alice.SubmitOkAsync(new { name = $"via-gateway-{i}", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = $"{i}" } }));
        }

        foreach (var id in ids)
        {
            await alice.WaitForStatusAsync(id, status => status == "FINISHED", JobTimeout, "FINISHED");
        }

        var listed = await alice.ListAsync("?limit=10");
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Equal(4, listed.Result.GetArrayLength());
        // Two silos in the membership table, not three: the gateway is a client.
        Assert.Equal(2, await SiloRowsAsync(first));

        await second.KillAsync();
        // Until the cluster declares the silo dead, calls to its grains may fail (503); then the gateway serves on.
        var deadline = DateTimeOffset.UtcNow + JobTimeout;
        string? after = null;
        while (after is null)
        {
            var answer = await alice.SubmitAsync(new { name = "after-the-kill", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "late" } });
            if (answer.Status == HttpStatusCode.Created)
            {
                after = answer.Result.GetProperty("id").GetString();
                break;
            }

            Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"An answer other than 201 or 503 after the kill: {answer}");
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The gateway still answers {answer} after {JobTimeout.TotalSeconds:0} s. {gateway.Diagnostics()}");
            await Task.Delay(500);
        }

        await alice.WaitForStatusAsync(after!, status => status == "FINISHED", JobTimeout, "FINISHED");
    }

    // A call that went to the killed silo waits for Orleans' response timeout before the gateway answers 503. At its
    // default (30 s) that is as long as the test client's own timeout, which then gave up first on a busy machine.
    private const string GrainCallTimeout = "00:00:10";

    private static Dictionary<string, string> GatewayPort() => new(StringComparer.Ordinal)
    {
        ["Orleans__GatewayPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
        ["Orleans__GrainCallTimeout"] = GrainCallTimeout,
    };

    private static async Task<long> SiloRowsAsync(AloeServiceProcess service)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @cluster", connection);
        command.Parameters.AddWithValue("cluster", service.ClusterId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
