using System.Diagnostics;
using System.Data.Common;
using System.Globalization;
using System.Net;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Grains.Staging.Ftp;
using AloeOrleans.Grains.Submission;
using Microsoft.Extensions.Options;
using AloeOrleans.Grains.Telemetry;

namespace AloeOrleans.Grains.Staging;

/// <summary>
/// Copies a job's inputs into its work dir on the execution system (this host or over SFTP): from registered storage
/// systems (<c>agave://</c> and paths on the tenant's default storage), <c>sftp://</c> hosts of registered systems,
/// http(s) and ftp. Everything is streamed; what is there is overwritten, so staging re-run after a crash does no harm.
/// http(s) and ftp connect only where the network policy allows (<see cref="StagingNetwork"/>); every transfer counts
/// against the job's byte cap, and network transfers against the idle and overall timeouts (<see cref="StagingOptions"/>).
/// </summary>
public sealed class InputStager(ICatalog catalog, SystemAccess access, StagingNetwork network, IOptions<StagingOptions> options)
{
    private static readonly HashSet<HttpStatusCode> RedirectStatuses =
    [
        HttpStatusCode.MultipleChoices, HttpStatusCode.MovedPermanently, HttpStatusCode.Found, HttpStatusCode.SeeOther,
        HttpStatusCode.TemporaryRedirect, HttpStatusCode.PermanentRedirect,
    ];

    /// <summary>
    /// Stages every input into <paramref name="workDir"/> (absolute, on <paramref name="destination"/>), under the names
    /// <see cref="StagedInputNames"/> gives them (<see cref="InputSource.StagedFileName"/>), after checking its rules
    /// again: a job accepted before them must not stage over the control folder or another input.
    /// </summary>
    /// <exception cref="InputStagingException">
    /// An input could not be staged; the message names the input and the underlying cause, the inner exception is that
    /// cause, and <see cref="InputStagingException.IsTransient"/> says whether trying again later may succeed
    /// (<see cref="StagingFailureClassifier"/>).
    /// </exception>
    public async Task StageAsync(string tenantId, string appId, string inputsJson, ISystemFiles destination, string workDir,
        Func<StagedInput, Task> onStaged, CancellationToken cancellationToken)
    {
        if (StagedInputNames.FindProblems(StagedInputNames.Read(inputsJson)) is [var problem, ..])
        {
            throw new InputStagingException(problem.File.InputId, problem.File.Source.Redacted, problem.Rule);
        }

        var budget = new InputByteBudget(options.Value.MaxInputBytesPerJob);
        foreach (var (inputId, values) in StoredInputs.Read(inputsJson))
        {
            foreach (var value in values)
            {
                var source = InputSource.Parse(value);
                // The staged name is one safe path segment (InputSource.StagedFileName), so this stays in the work dir.
                var target = RemotePaths.Join(workDir, source.StagedFileName(inputId));
                var bytes = await StageOneAsync(tenantId, appId, inputId, source, destination, target, budget, cancellationToken);
                await onStaged(new StagedInput(inputId, source.Redacted, source.StagedFileName(inputId), bytes));
            }
        }
    }

    private async Task<long> StageOneAsync(string tenantId, string appId, string inputId, InputSource source, ISystemFiles destination, string target,
        InputByteBudget budget, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var span = AloeTelemetry.Source.StartActivity("stage input", ActivityKind.Client);
        span?.SetTag("aloe.input.id", inputId);
        span?.SetTag("aloe.input.protocol", source.Scheme);
        try
        {
            var bytes = source.Scheme switch
            {
                "http" or "https" => await DownloadAsync(inputId, source, destination, target, budget, cancellationToken),
                "ftp" => await DownloadFtpAsync(source, destination, target, budget, cancellationToken),
                "sftp" or "storage" => await CopyFromSystemAsync(tenantId, appId, inputId, source, destination, target, budget, cancellationToken),
                "irods" or "irods4" => throw new InputStagingException(inputId, source.Redacted,
                    "iRODS transfers are not available in this installation yet; stage the file to a registered storage system and use agave://"),
                _ => throw new InputStagingException(inputId, source.Redacted, $"there is no transfer client for {source.Scheme}://"),
            };
            AloeMetrics.Staged(source.Scheme, bytes, Stopwatch.GetElapsedTime(started), succeeded: true);
            return bytes;
        }
        catch (Exception exception) when (IsTransferFailure(exception, cancellationToken))
        {
            AloeMetrics.Staged(source.Scheme, 0, Stopwatch.GetElapsedTime(started), succeeded: false);
            var failure = StagingFailureClassifier.Classify(exception);
            throw new InputStagingException(inputId, source.Redacted, failure.Reason, failure.IsTransient, exception);
        }
    }

    /// <summary>
    /// Whether a failure is the transfer's, to be named with its input and classified; not the input's own refusals
    /// (already an <see cref="InputStagingException"/>), the job's cancellation, nor an outage of the service's own
    /// database (reading the catalog), which the job's lifecycle handles as such.
    /// </summary>
    private static bool IsTransferFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        InputStagingException or DbException => false,
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        _ => true,
    };

    /// <summary>
    /// http(s), following at most <see cref="StagingOptions.MaxHttpRedirects"/> redirects, each through the same checked
    /// connections; at most <see cref="StagingOptions.HttpTimeout"/> in all, and never longer than
    /// <see cref="StagingOptions.IdleTimeout"/> without a byte.
    /// </summary>
    private async Task<long> DownloadAsync(string inputId, InputSource source, ISystemFiles destination, string target, InputByteBudget budget,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.HttpTimeout);
        try
        {
            using var response = await GetFollowingRedirectsAsync(inputId, source, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new InputStagingException(inputId, source.Redacted, $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}",
                    StagingFailureClassifier.IsTransientAnswer(response.StatusCode));
            }

            if (response.Content.Headers.ContentLength is { } announced)
            {
                budget.Expect(announced);
            }

            await using var body = new MeteredReadStream(await response.Content.ReadAsStreamAsync(deadline.Token), budget, settings.IdleTimeout);
            return await destination.WriteAsync(target, body, deadline.Token);
        }
        catch (OperationCanceledException cancelled) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A cap, not a silent server (that is IdleTimeout): the same download takes as long next time.
            throw new InputStagingException(inputId, source.Redacted, string.Create(CultureInfo.InvariantCulture,
                $"the download took longer than {settings.HttpTimeout.TotalSeconds:0.###} s, the limit set by Aloe:Staging:HttpTimeout"),
                isTransient: false, cancelled);
        }
    }

    private async Task<HttpResponseMessage> GetFollowingRedirectsAsync(string inputId, InputSource source, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var uri = new Uri(source.Original);
        for (var redirects = 0; ; redirects++)
        {
            var response = await GetHeadersAsync(uri, settings.IdleTimeout, cancellationToken);
            if (!RedirectStatuses.Contains(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return response;
            }

            response.Dispose();
            var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
            if (redirects >= settings.MaxHttpRedirects)
            {
                throw new InputStagingException(inputId, source.Redacted, string.Create(CultureInfo.InvariantCulture,
                    $"the server redirected more than {settings.MaxHttpRedirects} times, the limit set by Aloe:Staging:MaxHttpRedirects"));
            }

            if (next.Scheme is not ("http" or "https") || (uri.Scheme == "https" && next.Scheme == "http"))
            {
                throw new InputStagingException(inputId, source.Redacted,
                    $"the server redirected from {uri.Scheme}:// to {next.Scheme}://, which is not followed");
            }

            uri = next;
        }
    }

    /// <summary>One GET up to its response headers, which must come within <paramref name="idleTimeout"/> (connecting included).</summary>
    private async Task<HttpResponseMessage> GetHeadersAsync(Uri uri, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleTimeout);
        try
        {
            return await network.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ServerSilentException(string.Create(CultureInfo.InvariantCulture,
                $"the server at {uri.Host} sent no response for {idleTimeout.TotalSeconds:0.###} s, the limit set by Aloe:Staging:IdleTimeout"));
        }
    }

    /// <summary>
    /// ftp://[user[:password]@]host[:port]/path, passive mode; anonymous when no user is given. The download streams
    /// straight into the work dir.
    /// </summary>
    private async Task<long> DownloadFtpAsync(InputSource source, ISystemFiles destination, string target, InputByteBudget budget,
        CancellationToken cancellationToken)
    {
        var uri = new Uri(source.Original);
        var credentials = uri.UserInfo.Split(':', 2);
        var user = credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : "anonymous";
        var password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "anonymous@";
        await using var client = await PassiveFtpClient.ConnectAsync(network.Connector, uri.Host, uri.IsDefaultPort ? 21 : uri.Port, user, password,
            FtpLimits.From(options.Value), cancellationToken);
        return await destination.WriteAsync(target, (output, ct) => client.DownloadAsync(Uri.UnescapeDataString(uri.AbsolutePath), output, budget, ct),
            cancellationToken);
    }

    /// <summary>
    /// A path on a registered system of the tenant: the app's storage system (a plain path), <c>agave://</c>, or
    /// <c>sftp://</c> on the host of an SFTP system (its credential logs in and its host key is checked), found by
    /// <see cref="InputLocator"/>.
    /// </summary>
    private async Task<long> CopyFromSystemAsync(string tenantId, string appId, string inputId, InputSource source, ISystemFiles destination,
        string target, InputByteBudget budget, CancellationToken cancellationToken)
    {
        var tenant = await catalog.SnapshotAsync(tenantId, cancellationToken);
        var location = InputLocator.Locate(source, tenantId, tenant, tenant.Apps.GetValueOrDefault(appId));
        if (location.System is not { } system)
        {
            throw new InputStagingException(inputId, source.Redacted, location.Problem ?? "it is not on a registered system");
        }

        return await CopyAsync(inputId, source, access.FilesOf(tenantId, system), location.Path, destination, target, budget, cancellationToken);
    }

    /// <summary>A file, or a directory tree of at most <see cref="StagingOptions.MaxFilesPerTree"/> files, every byte counted.</summary>
    private async Task<long> CopyAsync(string inputId, InputSource source, ISystemFiles files, string relativePath,
        ISystemFiles destination, string target, InputByteBudget budget, CancellationToken cancellationToken)
    {
        var path = await files.ResolveAsync(relativePath, cancellationToken);
        var maxFiles = options.Value.MaxFilesPerTree;
        try
        {
            return await files.KindAsync(path, cancellationToken) switch
            {
                FileKind.File or FileKind.Directory => await files.CopyTreeAsync(path, destination, target, maxFiles,
                    content => new MeteredReadStream(content, budget, Timeout.InfiniteTimeSpan), cancellationToken),
                FileKind.Missing => throw new InputStagingException(inputId, source.Redacted, $"no such file on system '{files.SystemId}'"),
                _ => throw new InputStagingException(inputId, source.Redacted, $"it is a symbolic link or special file on system '{files.SystemId}'"),
            };
        }
        catch (TreeTooLargeException tooLarge)
        {
            throw new InputStagingException(inputId, source.Redacted, string.Create(CultureInfo.InvariantCulture,
                $"the directory holds more than {tooLarge.MaxFiles} files, the limit set by Aloe:Staging:MaxFilesPerTree"));
        }
    }
}
