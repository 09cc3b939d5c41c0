using System.Net;
using System.Security.Cryptography.X509Certificates;
using AloeOrleans.Silo.Cluster;
using AloeOrleans.Silo.Hosting;
using AloeOrleans.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// Two real service processes on one database and one data folder (so one generated cluster CA), the first with its
/// Orleans client gateway opened: they form one cluster over mutual TLS and run jobs; a client or a silo whose
/// certificate does not chain to the cluster CA can neither call nor join.
/// </summary>
[NeedsServers]
public sealed class ClusterTlsTests(TwoSiloCluster cluster) : IClassFixture<TwoSiloCluster>
{
    private const int ActiveStatus = 3;
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Two_service_processes_with_mutual_tls_on_one_database_form_one_cluster_and_run_jobs()
    {
        var active = await ActiveSiloPortsAsync();
        Assert.Equal(new[] { cluster.First.SiloPort, cluster.Second.SiloPort }.Order(), active.Order());

        // Both HTTP APIs submit: the tenant queue grain lives on one silo, so the other's jobs reach it across the cluster.
        var submitted = new List<(JobsClient Client, string Id)>();
        foreach (var service in new[] { cluster.First, cluster.Second, cluster.First, cluster.Second })
        {
            var client = service.ClientFor(E2eCatalog.Tenant, "alice");
            submitted.Add((client, await client.SubmitOkAsync(new { name = "echo", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "hi" } })));
        }

        foreach (var (client, id) in submitted)
        {
            var final = await client.WaitForTerminalAsync(id, JobTimeout);
            Assert.True(final == "FINISHED", $"job {id} ended {final}: {await client.DescribeHistoryAsync(id)}");
            client.Dispose();
        }
    }

    [Fact]
    public async Task Through_the_opened_gateway_only_a_client_with_a_certificate_of_the_cluster_ca_may_call()
    {
        var authority = X509Certificate2.CreateFromPemFile(Path.Combine(cluster.First.DataDir, ClusterCertificateAuthority.FileName));
        var member = new ClusterCertificates(ClusterCertificateAuthority.Issue(authority, "a gateway process"),
            [X509CertificateLoader.LoadCertificate(authority.RawData)]);
        var strangerAuthority = TestCertificates.Authority("not the cluster CA");
        var stranger = TestCertificates.Leaf(strangerAuthority, "stranger");

        // The positive control: the same call succeeds with a certificate the cluster CA issued.
        Assert.Null(await CallGatewayAsync(client => client.UseTls(member.Local, member.Configure)));
        var refused = await Task.WhenAll(
            CallGatewayAsync(client => client.UseTls(stranger, tls =>
            {
                tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
                // Whatever the client thinks of the server, only the server's check of the client may refuse.
                tls.AllowAnyRemoteCertificate();
            })),
            CallGatewayAsync(configure: null));
        Assert.All(refused, error => Assert.NotNull(error));
    }

    [Fact]
    public async Task A_silo_whose_certificate_does_not_chain_to_the_cluster_ca_cannot_join()
    {
        var stranger = TestCertificates.Leaf(TestCertificates.Authority("not the cluster CA"), "rogue silo");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseAloeCluster(cluster.First.ClusterId, cluster.First.ClusterId);
            silo.ConfigureEndpoints(IPAddress.Loopback, TestPorts.Free(), 0);
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = OrleansPostgresExtensions.Invariant;
                options.ConnectionString = cluster.First.ConnectionString;
            });
            silo.Configure<ClusterMembershipOptions>(options => options.MaxJoinAttemptTime = TimeSpan.FromSeconds(5));
            // Declared dead, a silo ends its process: here that would be the test run's.
            silo.Services.AddSingleton<IFatalErrorHandler, IgnoredFatalErrors>();
            silo.UseTls(stranger, tls =>
            {
                tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.AllowAnyRemoteCertificate();
            });
        });
        using var rogue = builder.Build();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var joined = false;
        try
        {
            await rogue.StartAsync(deadline.Token);
            joined = true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !deadline.IsCancellationRequested)
        {
            // Refused: it could not reach the cluster's silos.
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await rogue.StopAsync(stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        Assert.False(joined, "A silo with a certificate of another CA joined the cluster.");
        Assert.Equal(new[] { cluster.First.SiloPort, cluster.Second.SiloPort }.Order(), (await ActiveSiloPortsAsync()).Order());
    }

    private Task<Exception?> CallGatewayAsync(Action<IClientBuilder>? configure) =>
        OrleansClientAttempt.TryCallAsync(cluster.GatewayPort, cluster.First.ClusterId, cluster.First.ClusterId, configure,
            client => client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true), AttemptTimeout);

    private async Task<List<int>> ActiveSiloPortsAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.First.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT port FROM orleansmembershiptable WHERE deploymentid = @cluster AND status = @active", connection);
        command.Parameters.AddWithValue("cluster", cluster.First.ClusterId);
        command.Parameters.AddWithValue("active", ActiveStatus);
        var ports = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ports.Add(reader.GetInt32(0));
        }

        return ports;
    }
}
