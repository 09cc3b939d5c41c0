using System.Text.Json.Nodes;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// The test apps of tenant <c>dev</c>, written as a catalog seed file (the same format as silo/catalog/dev.json) with
/// one assets folder per app. Placeholders are unquoted: the service shell-quotes the values.
/// </summary>
public static class E2eCatalog
{
    public const string Tenant = "dev";

    /// <summary>Runs <c>sleep 300</c>: a job that stays RUNNING until cancelled.</summary>
    public const string SleepApp = "sleep-1.0";

    /// <summary>Writes its string parameter <c>text</c> to echo.txt with printf.</summary>
    public const string EchoApp = "echo-1.0";

    /// <summary>
    /// Sleeps, appends "<c>tag</c> size-of-input-<c>data</c>" to <c>${dir}/counts.txt</c> (outside the work dir), sleeps again.
    /// </summary>
    public const string MarkerApp = "marker-1.0";

    public const string MarkerCountsFile = "counts.txt";

    /// <summary>
    /// A LOCAL storage system of the operator (this seed file) that declares <see cref="SharedFolder"/> shared: every
    /// user of the tenant may read it, nobody but an admin may write it.
    /// </summary>
    public const string SharedStorage = "e2e-shared";

    public const string SharedStorageRootDir = "e2e-shared";

    public const string SharedFolder = "reference";

    /// <summary>
    /// Seeded with a template whose every line evaluates its string parameter <c>n</c> (<c>$(( ))</c>, <c>(( ))</c>,
    /// <c>let</c>, a subscript, <c>[[ -gt ]]</c>): the API would refuse it, the seed files bypass the API, rendering refuses it.
    /// </summary>
    public const string EvaluatingApp = "evaluating-1.0";

    /// <summary>The lines of <see cref="EvaluatingApp"/>'s template after its first (a comment), each evaluating <c>${n}</c>.</summary>
    public static readonly IReadOnlyList<string> EvaluatingLines =
    [
        "echo $(( ${n} + 1 )) > out.txt",
        "(( ${n} > 0 )) && echo positive >> out.txt",
        "let m=${n}",
        "values=(a b c); values[${n}]=d",
        "[[ ${n} -gt 0 ]] && echo big >> out.txt",
    ];

    /// <summary>Concatenates its inputs <c>files</c> (one or more) and <c>extra</c> (optional) into all.txt.</summary>
    public const string CatApp = "cat-1.0";

    /// <summary>outputs-1.0: a small tree of outputs with links pointing out of it (<see cref="Outputs.OutputTree"/>), then waits <c>seconds</c>.</summary>
    public const string OutputsApp = "outputs-1.0";

    /// <summary>
    /// <see cref="CatApp"/>'s template deployed on <see cref="SharedStorage"/>, a STORAGE system that is not the default:
    /// the app's storage system, where its plain (relative) input paths lie.
    /// </summary>
    public const string StorageCatApp = "storagecat-1.0";

    /// <summary>Writes the seed file and the apps' assets under <paramref name="dataDir"/>; returns the seed file's path.</summary>
    public static IReadOnlyList<string> Write(string dataDir)
    {
        var folder = Path.Combine(dataDir, "e2e-catalog");
        WriteTemplate(folder, SleepApp, "sleep.sh", """
            # sleep-1.0: stays running until cancelled; a child process too, to check the whole group is killed.
            sleep 300 &
            sleep 300
            wait
            """);
        WriteTemplate(folder, EchoApp, "echo.sh", """
            # echo-1.0: the value of text, byte for byte, in echo.txt.
            printf '%s' ${text} > echo.txt
            """);
        WriteTemplate(folder, MarkerApp, "marker.sh", """
            # marker-1.0: one line per run (tag and the staged input's size) in a counts file outside the work dir,
            # in the middle of the run.
            sleep 2
            size=$(wc -c < ${data})
            printf '%s %s\n' ${tag} "$size" >> ${dir}/counts.txt
            sleep 2
            """);
        WriteTemplate(folder, EvaluatingApp, "evaluating.sh", $"# evaluating-1.0: refused at render.\n{string.Join("\n", EvaluatingLines)}");
        WriteTemplate(folder, CatApp, "cat.sh", """
            # cat-1.0: every staged input, one after the other, in all.txt.
            cat -- ${files} ${extra} > all.txt
            """);

        WriteTemplate(folder, OutputsApp, "outputs.sh", Outputs.OutputTree.Template);

        WriteTemplate(folder, StorageCatApp, "cat.sh", """
            # storagecat-1.0: every staged input in all.txt; deployed on a storage system of its own.
            cat -- ${files} > all.txt
            """);
        var storageCat = App(StorageCatApp, "cat.sh", new JsonArray(), new JsonArray(Input("files", maxCardinality: -1)));
        storageCat["app"]!["deploymentSystem"] = SharedStorage;

        var seed = new JsonObject
        {
            ["tenantId"] = Tenant,
            ["systems"] = new JsonArray(new JsonObject
            {
                ["id"] = SharedStorage,
                ["name"] = "Storage with a shared folder",
                ["type"] = "STORAGE",
                ["storage"] = new JsonObject { ["protocol"] = "LOCAL", ["rootDir"] = SharedStorageRootDir },
                ["sharedPaths"] = new JsonArray(SharedFolder),
            }),
            ["apps"] = new JsonArray(
                App(SleepApp, "sleep.sh", new JsonArray(), new JsonArray()),
                App(EchoApp, "echo.sh", new JsonArray(StringParameter("text")), new JsonArray()),
                App(MarkerApp, "marker.sh", new JsonArray(StringParameter("tag"), StringParameter("dir")), new JsonArray(Input("data"))),
                App(EvaluatingApp, "evaluating.sh", new JsonArray(StringParameter("n")), new JsonArray()),
                App(CatApp, "cat.sh", new JsonArray(), new JsonArray(Input("files", maxCardinality: -1), Input("extra", required: false))),
                App(OutputsApp, "outputs.sh", new JsonArray(StringParameter("seconds")), new JsonArray()),
                storageCat),
        };
        var seedFile = Path.Combine(folder, "e2e.json");
        File.WriteAllText(seedFile, seed.ToJsonString());
        return [seedFile];
    }

    private static void WriteTemplate(string folder, string appId, string fileName, string text)
    {
        var assets = Path.Combine(folder, "apps", appId);
        Directory.CreateDirectory(assets);
        File.WriteAllText(Path.Combine(assets, fileName), text.ReplaceLineEndings("\n") + "\n");
    }

    private static JsonObject App(string id, string template, JsonArray parameters, JsonArray inputs) => new()
    {
        ["assetsFolder"] = $"apps/{id}",
        ["app"] = LocalApp(id, template, parameters, inputs),
    };

    /// <summary>
    /// The body of app <paramref name="id"/> (name-version) of tenant dev that runs on this host, its template at
    /// <c>apps/{id}/{template}</c> on local-storage.
    /// </summary>
    public static JsonObject LocalApp(string id, string template, JsonArray parameters, JsonArray inputs)
    {
        var dash = id.LastIndexOf('-');
        return new JsonObject
        {
            ["id"] = id,
            ["name"] = id[..dash],
            ["version"] = id[(dash + 1)..],
            ["executionSystem"] = "local",
            ["deploymentSystem"] = "local-storage",
            ["deploymentPath"] = $"apps/{id}",
            ["templatePath"] = template,
            ["parallelism"] = "SERIAL",
            ["defaultMaxRunTime"] = "00:10:00",
            ["inputs"] = inputs,
            ["parameters"] = parameters,
        };
    }

    /// <summary>An input taking one value (at most <paramref name="maxCardinality"/>, -1 for no limit), required unless said otherwise.</summary>
    public static JsonObject Input(string id, int maxCardinality = 1, bool required = true) => new()
    {
        ["id"] = id,
        ["value"] = new JsonObject { ["required"] = required },
        ["semantics"] = new JsonObject { ["minCardinality"] = required ? 1 : 0, ["maxCardinality"] = maxCardinality },
    };

    private static JsonObject StringParameter(string id) => new()
    {
        ["id"] = id,
        ["value"] = new JsonObject { ["type"] = "string", ["required"] = true },
    };
}
