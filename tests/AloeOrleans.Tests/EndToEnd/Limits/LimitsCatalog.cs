using System.Text.Json.Nodes;

namespace AloeOrleans.Tests.EndToEnd.Limits;

/// <summary>
/// The limits tests' app in tenant <c>dev</c>: inputs whose validator is catastrophic on a run of <c>a</c>s without a
/// <c>b</c> (each check runs into the per-match timeout), one taking one value and one taking any number.
/// </summary>
public static class LimitsCatalog
{
    public const string SweepApp = "sweep-1.0";

    /// <summary>Matches "user/aaa…b"; on "user/aaa…a" the nested quantifiers backtrack exponentially.</summary>
    public const string SlowValidator = "[a-z]+/(a+)+b";

    /// <summary>A value under the caller's home on which <see cref="SlowValidator"/> runs into its timeout.</summary>
    public static string SlowValue(string user, int index) => $"{user}/{new string('a', 32)}{index}";

    public static IReadOnlyList<string> Write(string dataDir)
    {
        var seedFiles = E2eCatalog.Write(dataDir).ToList();
        var folder = Path.Combine(dataDir, "limits-catalog");
        var assets = Path.Combine(folder, "apps", SweepApp);
        Directory.CreateDirectory(assets);
        File.WriteAllText(Path.Combine(assets, "sweep.sh"), "# sweep-1.0: does nothing; only its validators matter.\ntrue\n");

        var seed = new JsonObject
        {
            ["tenantId"] = E2eCatalog.Tenant,
            ["apps"] = new JsonArray(new JsonObject
            {
                ["assetsFolder"] = $"apps/{SweepApp}",
                ["app"] = new JsonObject
                {
                    ["id"] = SweepApp,
                    ["name"] = "sweep",
                    ["version"] = "1.0",
                    ["executionSystem"] = "local",
                    ["deploymentSystem"] = "local-storage",
                    ["deploymentPath"] = $"apps/{SweepApp}",
                    ["templatePath"] = "sweep.sh",
                    ["parallelism"] = "SERIAL",
                    ["defaultMaxRunTime"] = "00:10:00",
                    ["inputs"] = new JsonArray(Input("one", maxCardinality: 1), Input("many", maxCardinality: -1)),
                    ["parameters"] = new JsonArray(),
                },
            }),
        };
        var seedFile = Path.Combine(folder, "limits.json");
        File.WriteAllText(seedFile, seed.ToJsonString());
        seedFiles.Add(seedFile);
        return seedFiles;
    }

    private static JsonObject Input(string id, int maxCardinality) => new()
    {
        ["id"] = id,
        ["value"] = new JsonObject { ["required"] = false, ["validator"] = SlowValidator },
        ["semantics"] = new JsonObject { ["minCardinality"] = 0, ["maxCardinality"] = maxCardinality },
    };
}
