using System.Text.Json.Nodes;

namespace AloeOrleans.Tests.EndToEnd.Pause;

/// <summary>The app of the pause tests on this host, seeded in tenant <c>dev</c> beside <see cref="E2eCatalog"/>'s.</summary>
public static class PauseSeed
{
    /// <summary>Appends one line to <see cref="CountFile"/> every 0.2 s, <see cref="Ticks"/> times (about 10 s), then ends.</summary>
    public const string CounterApp = "counter-1.0";

    public const string CountFile = "count.txt";

    public const int Ticks = 50;

    public static IReadOnlyList<string> Write(string dataDir)
    {
        var folder = Path.Combine(dataDir, "pause-seed");
        var assets = Path.Combine(folder, "apps", CounterApp);
        Directory.CreateDirectory(assets);
        File.WriteAllText(Path.Combine(assets, "counter.sh"), $$"""
            # counter-1.0: one line a tick in {{CountFile}}; a job that is stopped stops counting.
            i=0
            while [ "$i" -lt {{Ticks}} ]; do
              i=$((i + 1))
              echo "$i" >> {{CountFile}}
              sleep 0.2
            done
            """.ReplaceLineEndings("\n") + "\n");
        var seedFile = Path.Combine(folder, "pause.json");
        File.WriteAllText(seedFile, new JsonObject
        {
            ["tenantId"] = E2eCatalog.Tenant,
            ["apps"] = new JsonArray(new JsonObject
            {
                ["assetsFolder"] = $"apps/{CounterApp}",
                ["app"] = E2eCatalog.LocalApp(CounterApp, "counter.sh", new JsonArray(), new JsonArray()),
            }),
        }.ToJsonString());
        return [.. E2eCatalog.Write(dataDir), seedFile];
    }

    /// <summary>How many lines the counter of <paramref name="owner"/>'s job <paramref name="jobId"/> has written so far.</summary>
    public static int Count(AloeServiceProcess service, string owner, string jobId)
    {
        var file = Path.Combine(LocalLayout.WorkDir(service.DataDir, owner, jobId), CountFile);
        try
        {
            return File.ReadAllLines(file).Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
        catch (DirectoryNotFoundException)
        {
            return 0;
        }
    }
}
