using System.Net;
using AloeOrleans.Tests.EndToEnd.Remote;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Cluster;

/// <summary>
/// <c>Aloe:Execution:LocalSystems=Disabled</c>, for silos that span hosts (docs/operations.md, "LOCAL systems in a
/// cluster"): a job that would run on a LOCAL system is refused with 400 naming the field, and nothing is stored; a job
/// on a system reached over SSH runs as before. (The archive-system rule is covered by <c>LocalSystemRuleTests</c>.)
/// </summary>
[NeedsServers]
public sealed class LocalSystemPolicyTests
{
    [Fact]
    public async Task With_LOCAL_systems_disabled_only_remote_jobs_are_accepted()
    {
        var settings = RemoteServiceSettings.FastMonitoring();
        settings["Aloe__Execution__LocalSystems"] = "Disabled";
        await using var service = await AloeServiceProcess.StartAsync(E2eCatalog.Write, environment: settings);
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");

        var local = await alice.SubmitAsync(new { name = "here", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "x" } });
        Assert.Equal(HttpStatusCode.BadRequest, local.Status);
        Assert.Contains("appId", local.Message, StringComparison.Ordinal);
        Assert.Contains("LOCAL system local", local.Message, StringComparison.Ordinal);

        await using var remote = await RemoteTestTenant.CreateAsync(service);
        await remote.RegisterExecutionSystemAsync(RemoteServiceSettings.ForkSystem, "FORK");
        await remote.DeployAsync(RemoteApps.Sleep(RemoteServiceSettings.ForkSystem));
        Assert.Equal(0, await service.CountRowsAsync("aloe_jobs"));

        var id = await remote.Jobs.SubmitOkAsync(new { name = "over-ssh", appId = "sleep-1.0", archive = false, parameters = new { seconds = 1 } });
        await remote.Jobs.WaitForStatusAsync(id, status => status == "FINISHED", TimeSpan.FromSeconds(120), "FINISHED");
    }
}
