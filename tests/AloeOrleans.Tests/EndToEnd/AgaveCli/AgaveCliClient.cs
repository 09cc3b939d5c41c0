using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace AloeOrleans.Tests.EndToEnd.AgaveCli;

/// <summary>
/// Runs commands of the Agave command-line client as one user against a running service: a private cache folder holds
/// the client's session (base URL, tenant and a token of the service's signing key), so nothing of the machine's own
/// <c>~/.agave</c> is read or written.
/// </summary>
public sealed class AgaveCliClient : IDisposable
{
    public const string BinVariable = "AGAVE_CLI_BIN";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string root;
    private readonly string bin;
    private readonly string cache;

    public AgaveCliClient(AloeServiceProcess service, string tenant, string user)
    {
        ArgumentNullException.ThrowIfNull(service);
        var clientBin = BinFolder ?? throw new InvalidOperationException($"{BinVariable} is not set.");
        root = Directory.CreateTempSubdirectory("agave-cli-").FullName;
        cache = Path.Combine(root, "cache");
        bin = Path.Combine(root, "bin");
        Directory.CreateDirectory(cache);
        LinkClient(clientBin, bin);
        var session = new JsonObject
        {
            ["tenantid"] = tenant,
            ["baseurl"] = service.BaseAddress.ToString().TrimEnd('/'),
            ["devurl"] = "",
            ["apisecret"] = "",
            ["apikey"] = "",
            ["username"] = user,
            ["access_token"] = service.TokenFor(tenant, user),
            ["refresh_token"] = "",
            ["created_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["expires_in"] = "14400",
            ["expires_at"] = "",
        };
        File.WriteAllText(Path.Combine(cache, "current"), session.ToJsonString());
    }

    /// <summary>The client's <c>bin</c> folder, or null when <see cref="BinVariable"/> does not name one.</summary>
    public static string? BinFolder =>
        Environment.GetEnvironmentVariable(BinVariable) is { Length: > 0 } folder && File.Exists(Path.Combine(folder, "jobs-list"))
            ? Path.GetFullPath(folder)
            : null;

    /// <summary>The folder commands run in: where <c>jobs-output-get</c> writes its downloads.</summary>
    public string WorkingFolder => root;

    public async Task<AgaveCliResult> RunAsync(string command, params string[] arguments)
    {
        // Through bash: a script copied without its conflict markers has no execute bit of its own.
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(bin, command));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The client finds its helpers (urlencode, ...) on PATH and parses JSON with jq when told to.
        start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["AGAVE_CACHE_DIR"] = cache;
        start.Environment["AGAVE_JSON_PARSER"] = "jq";
        start.Environment["HOME"] = root;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} {string.Join(' ', arguments)} did not end within {CommandTimeout}.");
        }

        return new AgaveCliResult($"{command} {string.Join(' ', arguments)}", process.ExitCode, await output, await errors);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>
    /// Links every file of the client into <paramref name="target"/>, where each script finds its siblings. A script
    /// the client ships with unresolved merge-conflict marker lines (jobs-hide has them, in its header comment, which
    /// bash refuses to parse) is copied without those lines: the client's own code is run unchanged.
    /// </summary>
    private static void LinkClient(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            var destination = Path.Combine(target, Path.GetFileName(entry));
            // The client's bin also holds links, some dangling: only its own scripts are read.
            if (new FileInfo(entry) is { Exists: true, LinkTarget: null } && File.ReadLines(entry).Any(IsConflictMarker))
            {
                File.WriteAllLines(destination, File.ReadLines(entry).Where(line => !IsConflictMarker(line)));
            }
            else
            {
                File.CreateSymbolicLink(destination, entry);
            }
        }
    }

    private static bool IsConflictMarker(string line) =>
        line.StartsWith("<<<<<<< ", StringComparison.Ordinal)
        || line == "======="
        || line.StartsWith(">>>>>>> ", StringComparison.Ordinal);
}
