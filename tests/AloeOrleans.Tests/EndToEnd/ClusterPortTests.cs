using System.Runtime.Versioning;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Security;
using AloeOrleans.Silo.Cluster;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// The cluster's own ports with the default configuration: a local process (another user, or a tenant's job on this
/// host) that reads the cluster ids cannot call a grain, e.g. cancel another user's job or accept a job for any tenant.
/// </summary>
[NeedsServers]
[SupportedOSPlatform("linux")]
[Collection(EndToEndCollection.Name)]
public sealed class ClusterPortTests(SharedServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task No_orleans_client_without_a_cluster_certificate_reaches_the_grains_through_any_port_of_the_service()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var victim = await alice.SubmitOkAsync(new { name = "victim", appId = E2eCatalog.SleepApp, archive = false });
        try
        {
            await alice.WaitForStatusAsync(victim, status => status == "RUNNING", JobTimeout, "RUNNING");
            var ports = ListeningSockets.PortsOf(service.ProcessId ?? throw new InvalidOperationException("The service is not running."));
            var forged = Guid.NewGuid();

            foreach (var port in ports.Where(port => port != service.HttpPort))
            {
                var error = await OrleansClientAttempt.TryCallAsync(port, service.ClusterId, service.ClusterId, configure: null, async client =>
                {
                    await client.GetGrain<IJobGrain>(Guid.Parse(victim)).CancelAsync("mallory");
                    await client.GetGrain<IJobGrain>(forged).AcceptAsync(ForgedSubmission());
                }, AttemptTimeout);
                Assert.True(error is not null, $"An Orleans client with no certificate called IJobGrain through port {port}.");
            }

            Assert.Equal("RUNNING", (await alice.GetStatusAsync(victim)).Result.GetProperty("status").GetString());
            Assert.Equal(0, await JobRowsAsync(service, forged));
            // The HTTP API and the silo port; the Orleans client gateway stays closed unless configured.
            Assert.Equal(new[] { service.HttpPort, service.SiloPort }.Order(), ports.Order());
        }
        finally
        {
            await alice.CancelAsync(victim);
        }
    }

    [Fact]
    public void The_key_files_the_service_generates_in_its_data_folder_are_owner_only()
    {
        foreach (var name in new[] { SigningKeyResolver.DefaultFileName, SecurityOptions.KeyFileName, ClusterCertificateAuthority.FileName })
        {
            var path = Path.Combine(fixture.Service.DataDir, name);
            Assert.True(File.Exists(path), $"{path} is missing");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    private static JobSubmission ForgedSubmission() => new()
    {
        Spec = new JobSpec
        {
            Name = "forged",
            SystemId = "local",
            AppId = "wc-1.0",
            AppUuid = Guid.NewGuid().ToString(),
        },
        TenantId = "another-tenant",
        TenantQueue = "aloe.jobq.another-tenant.submit.DefaultQueue",
        Owner = "mallory",
    };

    private static async Task<long> JobRowsAsync(AloeServiceProcess service, Guid uuid)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM aloe_jobs WHERE uuid = @uuid", connection);
        command.Parameters.AddWithValue("uuid", uuid);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
