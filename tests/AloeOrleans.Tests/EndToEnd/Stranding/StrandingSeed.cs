using System.Text.Json.Nodes;

namespace AloeOrleans.Tests.EndToEnd.Stranding;

/// <summary>
/// <see cref="E2eCatalog"/> plus a LOCAL execution system <see cref="DoomedSystem"/> of tenant dev and an app
/// <see cref="DoomedApp"/> that sleeps on it: a test removes both from the database under a running job, as an operator
/// editing the catalog by hand (or a deletion from before deletions were checked) would.
/// </summary>
public static class StrandingSeed
{
    public const string DoomedSystem = "doomed";

    public const string DoomedApp = "doomed-sleep-1.0";

    public static IReadOnlyList<string> Write(string dataDir)
    {
        var folder = Path.Combine(dataDir, "stranding-catalog");
        var assets = Path.Combine(folder, "apps", DoomedApp);
        Directory.CreateDirectory(assets);
        File.WriteAllText(Path.Combine(assets, "sleep.sh"), "# doomed-sleep-1.0: runs until cancelled.\nsleep 300\n");

        var app = E2eCatalog.LocalApp(DoomedApp, "sleep.sh", new JsonArray(), new JsonArray());
        app["executionSystem"] = DoomedSystem;
        var seed = new JsonObject
        {
            ["tenantId"] = E2eCatalog.Tenant,
            ["systems"] = new JsonArray(new JsonObject
            {
                ["id"] = DoomedSystem,
                ["name"] = "This host, removed under a running job",
                ["type"] = "EXECUTION",
                ["executionType"] = "CLI",
                ["scheduler"] = "FORK",
                ["login"] = new JsonObject { ["protocol"] = "LOCAL" },
                ["storage"] = new JsonObject { ["protocol"] = "LOCAL", ["rootDir"] = DoomedSystem },
                ["workDir"] = "work",
            }),
            ["apps"] = new JsonArray(new JsonObject { ["assetsFolder"] = $"apps/{DoomedApp}", ["app"] = app }),
        };
        var seedFile = Path.Combine(folder, "stranding.json");
        File.WriteAllText(seedFile, seed.ToJsonString());
        return [.. E2eCatalog.Write(dataDir), seedFile];
    }
}
