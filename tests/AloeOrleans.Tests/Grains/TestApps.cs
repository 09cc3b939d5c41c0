using System.Text.Json;

namespace AloeOrleans.Tests.Grains;

/// <summary>
/// Apps of tenant <c>dev</c> that grain tests need besides wc-1.0, written as a catalog seed file (with assets) that
/// the silo's CatalogSeeder loads after the silo's own catalog/dev.json (which defines the systems).
/// </summary>
public static class TestApps
{
    /// <summary>Waits until the file named by its <c>gate</c> parameter exists, then writes done.txt and exits 0.</summary>
    public const string GateApp = "gate-1.0";

    /// <summary>Writes to stdout and stderr, then exits 3; archiveOnAppError is true (the default).</summary>
    public const string FailApp = "fail-1.0";

    /// <summary>The same failing script with archiveOnAppError=false.</summary>
    public const string FailNoArchiveApp = "failnoarchive-1.0";

    /// <summary>Starts a child <c>sleep</c> in the background, records its pid in child.pid, and waits for it.</summary>
    public const string SpawnApp = "spawn-1.0";

    public static IReadOnlyList<string> AllIds { get; } = [GateApp, FailApp, FailNoArchiveApp, SpawnApp];

    private static readonly Dictionary<string, string> Templates = new(StringComparer.Ordinal)
    {
        [GateApp] = "while [ ! -e ${gate} ]; do sleep 0.05; done\necho released > done.txt\n",
        [FailApp] = "echo partial output\necho something broke >&2\nexit 3\n",
        [FailNoArchiveApp] = "echo partial output\necho something broke >&2\nexit 3\n",
        [SpawnApp] = "sleep 300 &\necho $! > child.pid\nwait\n",
    };

    /// <summary>Writes the seed file and the apps' assets under <paramref name="folder"/>; returns the seed file's path.</summary>
    public static string WriteSeed(string folder)
    {
        var apps = new List<object>();
        foreach (var (id, template) in Templates)
        {
            var assets = Path.Combine(folder, "apps", id);
            Directory.CreateDirectory(assets);
            File.WriteAllText(Path.Combine(assets, "run.sh"), template);
            var name = id[..id.IndexOf('-', StringComparison.Ordinal)];
            apps.Add(new
            {
                assetsFolder = $"apps/{id}",
                app = new
                {
                    id,
                    name,
                    version = "1.0",
                    executionSystem = "local",
                    deploymentSystem = "local-storage",
                    deploymentPath = $"apps/{id}",
                    templatePath = "run.sh",
                    parallelism = "SERIAL",
                    defaultMaxRunTime = "00:10:00",
                    archiveOnAppError = id != FailNoArchiveApp,
                    parameters = id == GateApp
                        ? new object[] { new { id = "gate", value = new { type = "string", required = true } } }
                        : [],
                },
            });
        }

        var seed = Path.Combine(folder, "test-apps.json");
        File.WriteAllText(seed, JsonSerializer.Serialize(new { tenantId = GrainTestSilo.Tenant, systems = Array.Empty<object>(), apps }));
        return seed;
    }
}
