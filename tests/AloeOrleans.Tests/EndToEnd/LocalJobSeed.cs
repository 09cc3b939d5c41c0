using System.Text.Json.Nodes;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// The seed of <see cref="LocalJobIsolationTests"/>: a probe app that records what a LOCAL job can see and do on this
/// host, an app that writes a file larger than the test's file-size limit, and two tenants whose LOCAL roots share a
/// rootDir.
/// </summary>
public static class LocalJobSeed
{
    /// <summary>Records env, uid, limits and modes, tries to read the key files and the service's environ, and to forge its pid.</summary>
    public const string ProbeApp = "probe-1.0";

    /// <summary>Writes <see cref="BigFileBytes"/> bytes to big.bin.</summary>
    public const string BigFileApp = "bigfile-1.0";

    public const int BigFileBytes = 2 * 1024 * 1024;

    /// <summary>Two tenants, each with a LOCAL storage system <c>store</c> with rootDir <c>store</c>.</summary>
    public static readonly string[] IsolatedTenants = ["iso-a", "iso-b"];

    public static IReadOnlyList<string> Write(string dataDir)
    {
        var folder = Path.Combine(dataDir, "local-job-seed");
        WriteTemplate(folder, ProbeApp, """
            # probe-1.0: what a LOCAL job sees and may do.
            env > env.txt
            id -u > uid.txt
            ulimit -t > limit-cpu.txt
            ulimit -u > limit-nproc.txt
            ulimit -f > limit-fsize.txt
            ulimit -a > limits.txt
            if cat ${jwtKey} > /dev/null 2>&1; then echo readable; else echo denied; fi > read-jwt-key.txt
            if cat ${credentialKey} > /dev/null 2>&1; then echo readable; else echo denied; fi > read-credential-key.txt
            if cat ${environ} > /dev/null 2>&1; then echo readable; else echo denied; fi > read-environ.txt
            if echo 1 > .aloe/pid 2>/dev/null; then echo written; else echo denied; fi > forge-pid.txt
            if mv .aloe .aloe-moved 2>/dev/null; then echo moved; else echo denied; fi > move-control.txt
            stat -c '%a %u' . > stat-workdir.txt
            stat -c '%a %u' ${data} > stat-input.txt
            stat -c '%a %u' env.txt > stat-output.txt
            """);
        WriteTemplate(folder, BigFileApp, """
            # bigfile-1.0: one file larger than the test's file-size limit.
            head -c ${bytes} /dev/zero > big.bin
            """);

        var apps = new JsonArray(
            App(ProbeApp, new JsonArray(StringParameter("jwtKey"), StringParameter("credentialKey"), StringParameter("environ")),
                new JsonArray(E2eCatalog.Input("data"))),
            App(BigFileApp, new JsonArray(StringParameter("bytes")), new JsonArray()));
        var seedFile = Path.Combine(folder, "local-jobs.json");
        File.WriteAllText(seedFile, new JsonObject { ["tenantId"] = E2eCatalog.Tenant, ["apps"] = apps }.ToJsonString());
        var files = new List<string> { seedFile };
        foreach (var tenant in IsolatedTenants)
        {
            var tenantSeed = Path.Combine(folder, $"{tenant}.json");
            File.WriteAllText(tenantSeed, new JsonObject
            {
                ["tenantId"] = tenant,
                ["systems"] = new JsonArray(new JsonObject
                {
                    ["id"] = "store", ["type"] = "STORAGE", ["default"] = true,
                    ["storage"] = new JsonObject { ["protocol"] = "LOCAL", ["rootDir"] = "store" },
                }),
            }.ToJsonString());
            files.Add(tenantSeed);
        }

        return files;
    }

    private static void WriteTemplate(string folder, string appId, string text)
    {
        var assets = Path.Combine(folder, "apps", appId);
        Directory.CreateDirectory(assets);
        File.WriteAllText(Path.Combine(assets, "run.sh"), text.ReplaceLineEndings("\n") + "\n");
    }

    private static JsonObject App(string id, JsonArray parameters, JsonArray inputs) => new()
    {
        ["assetsFolder"] = $"apps/{id}",
        ["app"] = new JsonObject
        {
            ["id"] = id,
            ["name"] = id[..id.LastIndexOf('-')],
            ["version"] = "1.0",
            ["executionSystem"] = "local",
            ["deploymentSystem"] = "local-storage",
            ["deploymentPath"] = $"apps/{id}",
            ["templatePath"] = "run.sh",
            ["parallelism"] = "SERIAL",
            ["defaultMaxRunTime"] = "00:10:00",
            ["inputs"] = inputs,
            ["parameters"] = parameters,
        },
    };

    private static JsonObject StringParameter(string id) => new()
    {
        ["id"] = id,
        ["value"] = new JsonObject { ["type"] = "string", ["required"] = true },
    };
}
