using System.Text.Json;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Staging.Ftp;
using AloeOrleans.Grains.Submission;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Staging;

/// <summary>
/// Copies a job's inputs into its work dir on the execution system (this host or over SFTP): from registered storage
/// systems (<c>agave://</c> and paths on the tenant's default storage), <c>sftp://</c> hosts of registered systems,
/// http(s) and ftp. Everything is streamed; what is there is overwritten, so staging re-run after a crash does no harm.
/// </summary>
public sealed class InputStager(ICatalog catalog, SystemAccess access, HttpClient httpClient, IOptions<StagingOptions> options)
{
    /// <summary>
    /// Stages every input into <paramref name="workDir"/> (absolute, on <paramref name="destination"/>), under the names
    /// <see cref="StagedInputNames"/> gives them (<see cref="InputSource.StagedFileName"/>), after checking its rules
    /// again: a job accepted before them must not stage over the control folder or another input.
    /// </summary>
    public async Task StageAsync(string tenantId, string inputsJson, ISystemFiles destination, string workDir, Func<StagedInput, Task> onStaged,
        CancellationToken cancellationToken)
    {
        if (StagedInputNames.FindProblems(StagedInputNames.Read(inputsJson)) is [var problem, ..])
        {
            throw new InputStagingException(problem.File.InputId, problem.File.Source.Original, problem.Rule);
        }

        foreach (var (inputId, values) in ReadInputs(inputsJson))
        {
            foreach (var value in values)
            {
                var source = InputSource.Parse(value);
                // The staged name is one safe path segment (InputSource.StagedFileName), so this stays in the work dir.
                var target = RemotePaths.Join(workDir, source.StagedFileName(inputId));
                var bytes = source.Scheme switch
                {
                    "http" or "https" => await DownloadAsync(inputId, source, destination, target, cancellationToken),
                    "ftp" => await DownloadFtpAsync(source, destination, target, cancellationToken),
                    "sftp" => await CopyFromSftpUrlAsync(tenantId, inputId, source, destination, target, cancellationToken),
                    "storage" => await CopyFromStorageAsync(tenantId, inputId, source, destination, target, cancellationToken),
                    "irods" or "irods4" => throw new InputStagingException(inputId, source.Redacted,
                        "iRODS transfers are not available in this installation yet; stage the file to a registered storage system and use agave://"),
                    _ => throw new InputStagingException(inputId, source.Redacted, $"there is no transfer client for {source.Scheme}://"),
                };
                await onStaged(new StagedInput(inputId, source.Redacted, source.StagedFileName(inputId), bytes));
            }
        }
    }

    private async Task<long> DownloadAsync(string inputId, InputSource source, ISystemFiles destination, string target, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.HttpTimeout);
        using var response = await httpClient.GetAsync(source.Original, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new InputStagingException(inputId, source.Redacted, $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        return await destination.WriteAsync(target, body, timeout.Token);
    }

    /// <summary>
    /// ftp://[user[:password]@]host[:port]/path, passive mode; anonymous when no user is given. The download streams
    /// straight into the work dir.
    /// </summary>
    private async Task<long> DownloadFtpAsync(InputSource source, ISystemFiles destination, string target, CancellationToken cancellationToken)
    {
        var uri = new Uri(source.Original);
        var credentials = uri.UserInfo.Split(':', 2);
        var user = credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : "anonymous";
        var password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "anonymous@";
        await using var client = await PassiveFtpClient.ConnectAsync(uri.Host, uri.IsDefaultPort ? 21 : uri.Port, user, password,
            options.Value.FtpTimeout, cancellationToken);
        return await destination.WriteAsync(target, (output, ct) => client.DownloadAsync(Uri.UnescapeDataString(uri.AbsolutePath), output, ct),
            cancellationToken);
    }

    /// <summary>
    /// sftp://[user@]host[:port]/absolute/path. The host must be the storage host of a system registered in the tenant
    /// (its credential logs in and its host key is checked); the path must lie under that system's root.
    /// </summary>
    private async Task<long> CopyFromSftpUrlAsync(string tenantId, string inputId, InputSource source, ISystemFiles destination, string target,
        CancellationToken cancellationToken)
    {
        var uri = new Uri(source.Original);
        var port = uri.IsDefaultPort || uri.Port <= 0 ? SshEndpoint.DefaultPort : uri.Port;
        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':', 2)[0]);
        var path = RemotePaths.Resolve("/", Uri.UnescapeDataString(uri.AbsolutePath));
        var candidates = await catalog.FindSftpSystemsAsync(tenantId, uri.Host, port, cancellationToken);
        var system = candidates.FirstOrDefault(system =>
                         (user.Length == 0 || system.Storage.Auth?.Username == user)
                         && SafePath.IsUnder(RemotePaths.Normalize(system.Storage.RootDir), path))
                     ?? throw new InputStagingException(inputId, source.Redacted,
                         $"no SFTP system of tenant {tenantId} on {uri.Host}:{port}{(user.Length > 0 ? $" for user {user}" : "")} has {path} under its rootDir; register one so its credential and host key are known");
        var root = RemotePaths.Normalize(system.Storage.RootDir);
        return await CopyAsync(inputId, source, access.FilesOf(system), path.Length > root.Length ? path[root.Length..] : "/", destination, target,
            cancellationToken);
    }

    private async Task<long> CopyFromStorageAsync(string tenantId, string inputId, InputSource source, ISystemFiles destination, string target,
        CancellationToken cancellationToken)
    {
        var system = source.SystemId is null
            ? await catalog.FindDefaultStorageAsync(tenantId, cancellationToken)
            : await catalog.FindSystemAsync(tenantId, source.SystemId, cancellationToken);
        if (system is null)
        {
            throw new InputStagingException(inputId, source.Original,
                source.SystemId is null ? "the tenant has no default storage system" : $"system '{source.SystemId}' does not exist");
        }

        return await CopyAsync(inputId, source, access.FilesOf(system), source.Path, destination, target, cancellationToken);
    }

    private static async Task<long> CopyAsync(string inputId, InputSource source, ISystemFiles files, string relativePath,
        ISystemFiles destination, string target, CancellationToken cancellationToken)
    {
        var path = await files.ResolveAsync(relativePath, cancellationToken);
        return await files.KindAsync(path, cancellationToken) switch
        {
            FileKind.File or FileKind.Directory => await files.CopyTreeAsync(path, destination, target, cancellationToken),
            FileKind.Missing => throw new InputStagingException(inputId, source.Redacted, $"no such file on system '{files.SystemId}'"),
            _ => throw new InputStagingException(inputId, source.Redacted, $"it is a symbolic link or special file on system '{files.SystemId}'"),
        };
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
