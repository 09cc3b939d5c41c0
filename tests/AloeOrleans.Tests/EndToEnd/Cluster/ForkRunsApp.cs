using System.Text.Json.Nodes;
using AloeOrleans.Tests.EndToEnd.Remote;

namespace AloeOrleans.Tests.EndToEnd.Cluster;

/// <summary>
/// forkruns-1.0 on the FORK-over-SSH system: one line with its <c>tag</c> in <c>${dir}/runs.txt</c> (outside the work
/// dir), then a sleep of <c>seconds</c>. A job launched twice shows its tag twice.
/// </summary>
public static class ForkRunsApp
{
    public const string Id = "forkruns-1.0";

    public static RemoteApp For(string executionSystem)
    {
        var definition = (JsonObject)RemoteApps.Sleep(executionSystem).Definition.DeepClone();
        definition["name"] = "forkruns";
        definition["deploymentPath"] = "apps/forkruns-1.0";
        definition["templatePath"] = "forkruns.sh";
        definition["parameters"] = new JsonArray(
            Parameter("tag", "string"), Parameter("dir", "string"), Parameter("seconds", "number"));
        return new RemoteApp(Id, "forkruns.sh", """
            # forkruns-1.0: one line per run, then a sleep.
            printf '%s\n' ${tag} >> ${dir}/runs.txt
            sleep ${seconds}
            """, definition);
    }

    private static JsonObject Parameter(string id, string type) => new()
    {
        ["id"] = id,
        ["value"] = new JsonObject { ["type"] = type, ["required"] = true },
    };
}
