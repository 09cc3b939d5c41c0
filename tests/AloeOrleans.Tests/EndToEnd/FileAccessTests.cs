using System.Net;
using System.Text.Json.Nodes;
using AloeOrleans.Tests.EndToEnd.Remote;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// Users read and write only their own files (docs/security.md, "Files"), through the real service: another user's
/// archive, a work dir or a whole root as an input, and an archive outside the owner's home are refused at submission
/// (403 naming the path and the rule, nothing stored); the owner's home and a shared path are read; an admin does it all.
/// </summary>
[NeedsServers]
[Collection(EndToEndCollection.Name)]
public sealed class FileAccessTests(SharedServiceFixture fixture)
{
    private const string Tenant = E2eCatalog.Tenant;
    private const string BobsArchive = "bob/archive/jobs/job-e2e-access/wc.txt";
    private const string BobsWorkDir = "work/dev/bob/job-e2e-access/secret.txt";
    private const string AlicesFile = "alice/e2e-access/mine.txt";
    private const string SharedFile = $"{E2eCatalog.SharedFolder}/e2e-access/ref.txt";

    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    private AloeServiceProcess Service => fixture.Service;

    public static TheoryData<string, string> ForbiddenInputs() => new()
    {
        { BobsArchive, $"you may not read '{BobsArchive}' on system local-storage: ordinary users read only under their own home folder 'alice/'" },
        { $"agave://local-storage/{BobsArchive}", $"(path '{BobsArchive}' on system local-storage): ordinary users read only under their own home folder 'alice/'" },
        { $"agave://local/{BobsWorkDir}", "it is in or holds the work dir 'work' of execution system local" },
        { "agave://local/work", "it is in or holds the work dir 'work' of execution system local" },
        { "/", "'/' on system local-storage: it is the whole root of system local-storage" },
        { ".", "'.' on system local-storage: it is the whole root of system local-storage" },
        { "agave://local-storage/.", "it is the whole root of system local-storage" },
        { $"agave://{E2eCatalog.SharedStorage}/bob/private.txt", $"or a shared path of system {E2eCatalog.SharedStorage} (sharedPaths: reference)" },
        { "alicex/e2e-access/mine.txt", "'alicex/e2e-access/mine.txt' on system local-storage: ordinary users read only" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenInputs))]
    public async Task Alice_may_not_read_another_users_files_a_work_dir_or_a_root(string input, string named)
    {
        WriteFiles();
        using var alice = Service.ClientFor(Tenant, "alice");
        var before = await CountsAsync();

        var response = await alice.SubmitAsync(Wc(input));

        Assert.True(response.Status == HttpStatusCode.Forbidden, response.ToString());
        Assert.StartsWith("inputs.inputFile: you may not read ", response.Message, StringComparison.Ordinal);
        Assert.Contains(named, response.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData("local-storage", "apps/wc-1.0", "ordinary users write only under their own home folder 'alice/'")]
    [InlineData("local-storage", "/", "it is the whole root of system local-storage")]
    [InlineData("local-storage", "bob/archive", "ordinary users write only under their own home folder 'alice/'")]
    [InlineData(E2eCatalog.SharedStorage, "reference/out", $"a shared path of system {E2eCatalog.SharedStorage}, which is read-only")]
    public async Task Alice_may_not_archive_outside_her_home(string archiveSystem, string archivePath, string rule)
    {
        WriteFiles();
        using var alice = Service.ClientFor(Tenant, "alice");
        var before = await CountsAsync();

        var response = await alice.SubmitAsync(Wc(AlicesFile, archiveSystem, archivePath));

        Assert.True(response.Status == HttpStatusCode.Forbidden, response.ToString());
        Assert.StartsWith($"archivePath: you may not write '{archivePath}' on system {archiveSystem}: ", response.Message, StringComparison.Ordinal);
        Assert.Contains(rule, response.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Alice_reads_her_own_files_and_shared_paths_and_archives_in_her_home()
    {
        WriteFiles();
        using var alice = Service.ClientFor(Tenant, "alice");
        var archivePath = $"alice/e2e-access/out-{Guid.NewGuid():N}";

        var own = await alice.SubmitOkAsync(Wc($"/{AlicesFile}", "local-storage", archivePath));
        var shared = await alice.SubmitOkAsync(Wc($"agave://{E2eCatalog.SharedStorage}/{SharedFile}"));

        await AssertFinishedAsync(alice, own);
        await AssertFinishedAsync(alice, shared);
        var archived = Path.Combine(LocalLayout.Of(Service, Tenant, "local-storage"), archivePath, "wc.txt");
        Assert.Equal("3", (await File.ReadAllTextAsync(archived)).Trim());
    }

    [Fact]
    public async Task A_tenant_admin_reads_and_writes_anywhere_in_the_tenant()
    {
        WriteFiles();
        using var admin = Service.ClientFor(Tenant, "e2e-admin", CatalogAdminClient.AdminRole);

        var ids = new[]
        {
            await admin.SubmitOkAsync(Wc(BobsArchive, "local-storage", $"apps/e2e-admin-{Guid.NewGuid():N}")),
            await admin.SubmitOkAsync(Wc($"agave://local/{BobsWorkDir}")),
            await admin.SubmitOkAsync(Wc($"agave://{E2eCatalog.SharedStorage}/bob/private.txt", E2eCatalog.SharedStorage, "reference/admin-out")),
            await admin.SubmitOkAsync(Wc($"agave://{E2eCatalog.SharedStorage}/.")),
        };

        // Each job runs (the last one counts a directory, which wc refuses): all of them end before the next test.
        foreach (var id in ids)
        {
            await admin.WaitForTerminalAsync(id, JobTimeout);
        }

        await AssertFinishedAsync(admin, ids[0]);
        await AssertFinishedAsync(admin, ids[1]);
        await AssertFinishedAsync(admin, ids[2]);
    }

    [Fact]
    public async Task Another_tenants_system_is_not_found()
    {
        var otherTenant = $"other{Guid.NewGuid():N}"[..13];
        using (var otherAdmin = new CatalogAdminClient(Service, otherTenant))
        {
            var storage = Catalog.CatalogBodies.Storage("e2e-foreign");
            await otherAdmin.RegisterSystemAsync(storage);
        }

        using var alice = Service.ClientFor(Tenant, "alice");
        var before = await CountsAsync();

        var response = await alice.SubmitAsync(Wc("agave://e2e-foreign/alice/in.txt"));

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Contains("inputs.inputFile: 'agave://e2e-foreign/alice/in.txt' cannot be read: system 'e2e-foreign' does not exist in tenant dev",
            response.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Permission_problems_with_other_errors_are_400_listing_every_message()
    {
        using var alice = Service.ClientFor(Tenant, "alice");
        var before = await CountsAsync();
        var body = new JsonObject
        {
            ["name"] = "mixed",
            ["appId"] = "wc-1.0",
            ["archive"] = true,
            ["archivePath"] = "apps/wc-1.0",
            ["inputs"] = new JsonObject { ["inputFile"] = BobsArchive },
            ["parameters"] = new JsonObject { ["mode"] = "sentences" },
        };

        var response = await alice.SubmitRawAsync(body.ToJsonString(), "application/json");

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Contains("parameters.mode", response.Message, StringComparison.Ordinal);
        Assert.Contains($"inputs.inputFile: you may not read '{BobsArchive}'", response.Message, StringComparison.Ordinal);
        Assert.Contains("archivePath: you may not write 'apps/wc-1.0'", response.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    /// <summary>The files the tests name: bob's archive and work dir, alice's own file, a shared and a private file.</summary>
    private void WriteFiles()
    {
        LocalLayout.WriteFile(Service, Tenant, "local-storage", BobsArchive, "bob's result\n");
        LocalLayout.WriteFile(Service, Tenant, "local", BobsWorkDir, "bob's running job\n");
        LocalLayout.WriteFile(Service, Tenant, "local-storage", AlicesFile, "one two three\n");
        LocalLayout.WriteFile(Service, Tenant, E2eCatalog.SharedStorage, SharedFile, "shared by all\nof us\n");
        LocalLayout.WriteFile(Service, Tenant, E2eCatalog.SharedStorage, "bob/private.txt", "bob only\n");
    }

    private static object Wc(string input, string? archiveSystem = null, string? archivePath = null) => archivePath is null
        ? new { name = "access", appId = "wc-1.0", archive = false, inputs = new { inputFile = input }, parameters = new { mode = "words" } }
        : new { name = "access", appId = "wc-1.0", archive = true, archiveSystem, archivePath, inputs = new { inputFile = input }, parameters = new { mode = "words" } };

    private static async Task AssertFinishedAsync(JobsClient jobs, string id)
    {
        var final = await jobs.WaitForTerminalAsync(id, JobTimeout);
        Assert.True(final == "FINISHED", $"job {id} ended {final}: {await jobs.DescribeHistoryAsync(id)}");
    }

    private async Task<(long Jobs, long Events)> CountsAsync() =>
        (await Service.CountRowsAsync("aloe_jobs"), await Service.CountRowsAsync("aloe_job_events"));
}
