using System.Text.Json.Nodes;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// The apps of the remote end-to-end tests, each deployed on (and run by) one execution system. Placeholders are
/// unquoted: the service shell-quotes the values (as for silo/catalog/apps/wc-1.0/wc.sh).
/// </summary>
public static class RemoteApps
{
    /// <summary>
    /// wc-1.0 with three inputs, one per source (sftp, http, ftp): wc.txt gets one line per input, the count of
    /// its lines, words or chars, in that order. The short sleep keeps the job RUNNING for at least two status checks.
    /// </summary>
    public static RemoteApp Wc(string executionSystem) => new("wc-1.0", "wc.sh", """
        # wc-1.0 (three sources): one line per staged input in wc.txt, the count of its lines, words or chars.
        case ${mode} in
          lines) flag=-l ;;
          words) flag=-w ;;
          chars) flag=-m ;;
          *) echo "unknown mode" >&2; exit 2 ;;
        esac
        sleep 3
        for f in ${sftpInput} ${httpInput} ${ftpInput}; do wc "$flag" < "$f"; done > wc.txt
        """, Definition("wc", executionSystem, "wc.sh",
        new JsonArray(E2eCatalog.Input("sftpInput"), E2eCatalog.Input("httpInput"), E2eCatalog.Input("ftpInput")),
        new JsonArray(new JsonObject
        {
            ["id"] = "mode",
            ["value"] = new JsonObject
            {
                ["type"] = "enumeration", ["enumValues"] = new JsonArray("lines", "words", "chars"), ["default"] = "words", ["required"] = false,
            },
        })));

    /// <summary>fail-1.0: writes to stderr and exits 3.</summary>
    public static RemoteApp Fail(string executionSystem) => new("fail-1.0", "fail.sh", """
        # fail-1.0: an app error, on purpose.
        echo "fail-1.0 exits with status 3 on purpose" >&2
        exit 3
        """, Definition("fail", executionSystem, "fail.sh", new JsonArray(), new JsonArray()));

    /// <summary>sleep-1.0: sleeps <c>seconds</c>, then writes slept.txt.</summary>
    public static RemoteApp Sleep(string executionSystem) => new("sleep-1.0", "sleep.sh", """
        # sleep-1.0: a job that stays RUNNING for as long as asked.
        sleep ${seconds}
        echo slept > slept.txt
        """, Definition("sleep", executionSystem, "sleep.sh", new JsonArray(), new JsonArray(new JsonObject
        {
            ["id"] = "seconds",
            ["value"] = new JsonObject { ["type"] = "number", ["required"] = true },
        })));

    /// <summary>outputs-1.0: the tree of <see cref="Outputs.OutputTree"/>, then a wait of <c>seconds</c>.</summary>
    public static RemoteApp Outputs(string executionSystem) => new("outputs-1.0", "outputs.sh", EndToEnd.Outputs.OutputTree.Template,
        Definition("outputs", executionSystem, "outputs.sh", new JsonArray(), new JsonArray(new JsonObject
        {
            ["id"] = "seconds",
            ["value"] = new JsonObject { ["type"] = "number", ["required"] = true },
        })));

    /// <summary>cat-1.0: its one input <c>data</c>, copied to out.txt.</summary>
    public static RemoteApp Cat(string executionSystem) => new("cat-1.0", "cat.sh", """
        # cat-1.0: the staged input, as it is, in out.txt.
        cat -- ${data} > out.txt
        """, Definition("cat", executionSystem, "cat.sh", new JsonArray(E2eCatalog.Input("data")), new JsonArray()));

    /// <summary>counter-1.0: appends one line to count.txt every 0.2 s, <see cref="CounterTicks"/> times; a stopped job stops counting.</summary>
    public static RemoteApp Counter(string executionSystem) => new("counter-1.0", "counter.sh", $$"""
        # counter-1.0: one line a tick in count.txt.
        i=0
        while [ "$i" -lt {{CounterTicks}} ]; do
          i=$((i + 1))
          echo "$i" >> count.txt
          sleep 0.2
        done
        """, Definition("counter", executionSystem, "counter.sh", new JsonArray(), new JsonArray()));

    public const int CounterTicks = 50;

    private static JsonObject Definition(string name, string executionSystem, string template, JsonArray inputs, JsonArray parameters) => new()
    {
        ["name"] = name,
        ["version"] = "1.0",
        ["executionSystem"] = executionSystem,
        ["deploymentSystem"] = executionSystem,
        ["deploymentPath"] = $"apps/{name}-1.0",
        ["templatePath"] = template,
        ["parallelism"] = "SERIAL",
        ["defaultNodeCount"] = 1,
        ["defaultProcessorsPerNode"] = 1,
        ["defaultMemoryPerNode"] = "1GB",
        ["defaultMaxRunTime"] = "00:10:00",
        ["inputs"] = inputs,
        ["parameters"] = parameters,
    };
}
