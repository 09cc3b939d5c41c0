using System.Text.Json.Nodes;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Recovery;

/// <summary>
/// One service for the recovery end-to-end tests: tenant <c>dev</c> (the embedded catalog) and a second tenant
/// <see cref="OtherTenant"/> with the same kind of local systems and wc-1.0, and a short policy for transfer failures
/// (a test every <see cref="RetryInterval"/>), so a group clears within seconds of its server coming up.
/// </summary>
public sealed class RecoveryServiceFixture : IAsyncLifetime
{
    public const string Tenant = "dev";

    public const string OtherTenant = "lab";

    public const string AdminRole = "Internal/aloe-admin";

    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    public AloeServiceProcess Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        const string Transfer = "Aloe__Recovery__Conditions__TRANSMISSION_FAILURE__";
        Service = await AloeServiceProcess.StartAsync(WriteSeed, environment: new Dictionary<string, string>
        {
            [Transfer + "Kind"] = "CONSTANT_BACKOFF",
            [Transfer + "Interval"] = RetryInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            [Transfer + "MaxElapsed"] = "00:10:00",
        });
    }

    public async Task DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }
    }

    /// <summary>Tenant <see cref="OtherTenant"/>: a FORK system on this host, a default storage and wc-1.0 (counting lines).</summary>
    private static IReadOnlyList<string> WriteSeed(string dataDir)
    {
        var folder = Path.Combine(dataDir, "recovery-catalog");
        var assets = Path.Combine(folder, "apps", "wc-1.0");
        Directory.CreateDirectory(assets);
        File.WriteAllText(Path.Combine(assets, "wc.sh"), "# wc-1.0 of tenant lab: the lines of its input.\nwc -l < ${inputFile} > wc.txt\n");
        var app = E2eCatalog.LocalApp("wc-1.0", "wc.sh", new JsonArray(), new JsonArray(E2eCatalog.Input("inputFile")));
        var seed = new JsonObject
        {
            ["tenantId"] = OtherTenant,
            ["systems"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = "local", ["name"] = "This host (FORK)", ["type"] = "EXECUTION", ["executionType"] = "CLI", ["scheduler"] = "FORK",
                    ["login"] = new JsonObject { ["protocol"] = "LOCAL" },
                    ["storage"] = new JsonObject { ["protocol"] = "LOCAL", ["rootDir"] = "local" },
                    ["workDir"] = "work",
                },
                new JsonObject
                {
                    ["id"] = "local-storage", ["name"] = "Storage", ["type"] = "STORAGE", ["default"] = true,
                    ["storage"] = new JsonObject { ["protocol"] = "LOCAL", ["rootDir"] = "local-storage" },
                }),
            ["apps"] = new JsonArray(new JsonObject { ["assetsFolder"] = "apps/wc-1.0", ["app"] = app }),
        };
        var seedFile = Path.Combine(folder, "lab.json");
        File.WriteAllText(seedFile, seed.ToJsonString());
        return [seedFile];
    }
}
