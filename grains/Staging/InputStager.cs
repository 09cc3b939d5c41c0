using System.Text.Json;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Staging.Ftp;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Staging;

/// <summary>
/// Copies a job's inputs into its work dir on this host: from a registered LOCAL storage system or over http(s).
/// Overwrites what is there, so staging re-run after a crash does no harm.
/// </summary>
public sealed class InputStager(ICatalog catalog, SystemRoots roots, HttpClient httpClient, IOptions<StagingOptions> options)
{
    /// <summary>Input id → the staged file names, in the order given; pure, so a resumed job knows them without staging again.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> StagedNames(string inputsJson)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (inputId, values) in ReadInputs(inputsJson))
        {
            result[inputId] = values.Select(value => InputSource.Parse(value).StagedFileName(inputId)).ToList();
        }

        return result;
    }

    public async Task StageAsync(string tenantId, string inputsJson, string workDir, Func<StagedInput, Task> onStaged, CancellationToken cancellationToken)
    {
        foreach (var (inputId, values) in ReadInputs(inputsJson))
        {
            foreach (var value in values)
            {
                var source = InputSource.Parse(value);
                var destination = SafePath.Resolve(workDir, source.StagedFileName(inputId));
                var bytes = source.Scheme switch
                {
                    "http" or "https" => await DownloadAsync(inputId, value, destination, cancellationToken),
                    "ftp" => await DownloadFtpAsync(source, destination, cancellationToken),
                    "storage" => await CopyFromStorageAsync(tenantId, inputId, source, destination, cancellationToken),
                    _ => throw new InputStagingException(inputId, value,
                        $"staging from {source.Scheme}:// needs a transfer client this installation does not have yet"),
                };
                await onStaged(new StagedInput(inputId, source.Redacted, Path.GetFileName(destination), bytes));
            }
        }
    }

    private async Task<long> DownloadAsync(string inputId, string url, string destination, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.HttpTimeout);
        using var response = await httpClient.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new InputStagingException(inputId, url, $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        return await WriteAsync(body, destination, timeout.Token);
    }

    /// <summary>
    /// ftp://[user[:password]@]host[:port]/path, passive mode; anonymous when no user is given. The file streams
    /// straight into the work dir.
    /// </summary>
    private async Task<long> DownloadFtpAsync(InputSource source, string destination, CancellationToken cancellationToken)
    {
        var uri = new Uri(source.Original);
        var credentials = uri.UserInfo.Split(':', 2);
        var user = credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : "anonymous";
        var password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "anonymous@";
        await using var client = await PassiveFtpClient.ConnectAsync(uri.Host, uri.IsDefaultPort ? 21 : uri.Port, user, password,
            options.Value.FtpTimeout, cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        await using var output = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, options.Value.BufferSize, useAsync: true);
        await client.DownloadAsync(Uri.UnescapeDataString(uri.AbsolutePath), output, cancellationToken);
        return output.Length;
    }

    private async Task<long> CopyFromStorageAsync(string tenantId, string inputId, InputSource source, string destination, CancellationToken cancellationToken)
    {
        var system = source.SystemId is null
            ? await catalog.FindDefaultStorageAsync(tenantId, cancellationToken)
            : await catalog.FindSystemAsync(tenantId, source.SystemId, cancellationToken);
        if (system is null)
        {
            throw new InputStagingException(inputId, source.Original,
                source.SystemId is null ? "the tenant has no default storage system" : $"system '{source.SystemId}' does not exist");
        }

        var path = SafePath.Resolve(roots.StorageRoot(system), source.Path);
        if (Directory.Exists(path))
        {
            return await CopyDirectoryAsync(path, destination, cancellationToken);
        }

        if (!File.Exists(path))
        {
            throw new InputStagingException(inputId, source.Original, $"no such file on system '{system.Id}'");
        }

        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, options.Value.BufferSize, useAsync: true);
        return await WriteAsync(input, destination, cancellationToken);
    }

    private async Task<long> CopyDirectoryAsync(string sourceDir, string destinationDir, CancellationToken cancellationToken)
    {
        long total = 0;
        foreach (var file in Directory.EnumerateFiles(sourceDir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            var target = Path.Combine(destinationDir, Path.GetRelativePath(sourceDir, file));
            await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, options.Value.BufferSize, useAsync: true);
            total += await WriteAsync(input, target, cancellationToken);
        }

        return total;
    }

    private async Task<long> WriteAsync(Stream input, string destination, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        await using var output = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, options.Value.BufferSize, useAsync: true);
        await input.CopyToAsync(output, options.Value.BufferSize, cancellationToken);
        return output.Length;
    }

    private static IEnumerable<(string InputId, IReadOnlyList<string> Values)> ReadInputs(string inputsJson)
    {
        using var document = JsonDocument.Parse(inputsJson);
        var result = new List<(string, IReadOnlyList<string>)>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var values = property.Value.ValueKind == JsonValueKind.Array
                ? property.Value.EnumerateArray().Select(value => value.GetString() ?? "").ToList()
                : [property.Value.GetString() ?? ""];
            result.Add((property.Name, values));
        }

        return result;
    }
}
