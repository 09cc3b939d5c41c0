using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// Reads the JWKS document (<see cref="JwtOptions.JwksUri"/>) into the <see cref="JwtKeyRing"/> at start — the host
/// waits for the first attempt, so tokens are verifiable as soon as it serves — and every
/// <see cref="JwtOptions.JwksRefreshInterval"/> after, so rotated keys are picked up. A failed read keeps the keys read
/// before (an outage of the identity provider must not lock everyone out) and is logged; a document that parses is
/// taken as it is, so a key the provider withdrew stops verifying at the next refresh. Does nothing without a JWKS.
/// </summary>
internal sealed partial class JwksRefresher(
    IOptions<JwtOptions> options, JwtKeyRing ring, TimeProvider clock, ILogger<JwksRefresher> logger) : BackgroundService
{
    /// <summary>A JWKS is a few kilobytes; anything far larger is not one.</summary>
    private const int MaxDocumentBytes = 1024 * 1024;

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        Timeout = ReadTimeout,
        MaxResponseContentBufferSize = MaxDocumentBytes,
    };

    private JwksLocation? location;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.JwksUri is { Length: > 0 } uri && !string.IsNullOrWhiteSpace(uri))
        {
            location = JwksLocation.Parse(uri);
            await RefreshAsync(cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (location is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.JwksRefreshInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RefreshAsync(stoppingToken);
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var source = location!.ToString();
        try
        {
            var (keys, skipped) = JwksParser.Parse(await ReadAsync(location, cancellationToken), source);
            foreach (var reason in skipped)
            {
                LogKeySkipped(logger, source, reason);
            }

            if (keys.Count == 0)
            {
                LogNoKeys(logger, source);
            }

            ring.ReplaceJwksKeys(keys);
            LogRefreshed(logger, source, keys.Count);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRefreshFailed(logger, exception, source);
        }
    }

    private async Task<string> ReadAsync(JwksLocation jwks, CancellationToken cancellationToken)
    {
        if (jwks.FilePath is { } path)
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, jwks.Url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "JWKS {Source} read: {KeyCount} usable key(s)")]
    private static partial void LogRefreshed(ILogger logger, string source, int keyCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "JWKS {Source}: skipped {Reason}")]
    private static partial void LogKeySkipped(ILogger logger, string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "JWKS {Source} has no usable RS256/ES256 key: no token verifies with it")]
    private static partial void LogNoKeys(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "JWKS {Source} could not be read; the keys read before stay in use")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string source);
}
