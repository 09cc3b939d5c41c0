using System.Net;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// A plain (relative) input path lies on the app's storage system (docs/api.md, "Body"): its deployment system when
/// that is a STORAGE system, otherwise the tenant's default storage. Through the real service: the same path names
/// different files for two apps, and the file rules apply on the system the path lies on.
/// </summary>
[NeedsServers]
[Collection(EndToEndCollection.Name)]
public sealed class RelativeInputTests(SharedServiceFixture fixture)
{
    private const string Tenant = E2eCatalog.Tenant;
    private const string Input = "alice/e2e-relative/in.txt";
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    private AloeServiceProcess Service => fixture.Service;

    [Fact]
    public async Task A_plain_path_is_read_from_the_apps_storage_system()
    {
        LocalLayout.WriteFile(Service, Tenant, E2eCatalog.SharedStorage, Input, "on the app's storage system\n");
        LocalLayout.WriteFile(Service, Tenant, "local-storage", Input, "on the default storage\n");
        using var alice = Service.ClientFor(Tenant, "alice");

        var onAppStorage = await RunAsync(alice, E2eCatalog.StorageCatApp, Input);
        var onDefault = await RunAsync(alice, E2eCatalog.CatApp, Input);
        var explicitSystem = await RunAsync(alice, E2eCatalog.StorageCatApp, $"agave://local-storage/{Input}");

        Assert.Equal("on the app's storage system\n", onAppStorage);
        Assert.Equal("on the default storage\n", onDefault);
        Assert.Equal("on the default storage\n", explicitSystem);
    }

    [Fact]
    public async Task The_file_rules_apply_on_the_apps_storage_system()
    {
        LocalLayout.WriteFile(Service, Tenant, E2eCatalog.SharedStorage, "bob/private.txt", "bob only\n");
        using var alice = Service.ClientFor(Tenant, "alice");

        var response = await alice.SubmitAsync(new { name = "relative", appId = E2eCatalog.StorageCatApp, archive = false, inputs = new { files = "bob/private.txt" } });

        Assert.True(response.Status == HttpStatusCode.Forbidden, response.ToString());
        Assert.StartsWith($"inputs.files: you may not read 'bob/private.txt' on system {E2eCatalog.SharedStorage}: ", response.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="appId"/> on one input, archived under alice's home on the default storage; returns all.txt.</summary>
    private async Task<string> RunAsync(JobsClient alice, string appId, string input)
    {
        var archivePath = $"alice/e2e-relative/out-{Guid.NewGuid():N}";
        var id = await alice.SubmitOkAsync(new { name = "relative", appId, archive = true, archivePath, inputs = new { files = input } });
        var final = await alice.WaitForTerminalAsync(id, JobTimeout);
        Assert.True(final == "FINISHED", $"job {id} ended {final}: {await alice.DescribeHistoryAsync(id)}");
        return await File.ReadAllTextAsync(Path.Combine(LocalLayout.Of(Service, Tenant, "local-storage"), archivePath, "all.txt"));
    }
}
