using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Network;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// Webhook deliveries (docs/notifications.md, "Webhooks"): a POST of the job's JSON to the URL with its macros resolved,
/// the Agave headers, and the tenant's signature. Connections go through <see cref="CheckedConnector"/> under
/// <c>Aloe:Notifications:AllowedNetworks</c>, redirects are not followed, and only a 2xx answer is a delivery.
/// </summary>
public sealed class WebhookChannel : INotificationChannel, IDisposable
{
    public const string DeliveryHeader = "X-Agave-Delivery";
    public const string NotificationHeader = "X-Agave-Notification";
    public const string EventHeader = "X-Aloe-Event";

    private readonly HttpClient http;
    private readonly INotificationView view;
    private readonly TenantWebhookSecrets secrets;
    private readonly NotificationOptions options;
    private readonly TimeProvider timeProvider;

    public WebhookChannel(IOptions<NotificationOptions> options, INotificationView view, TenantWebhookSecrets secrets, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.view = view;
        this.secrets = secrets;
        this.timeProvider = timeProvider;
        var connector = new CheckedConnector(NetworkPolicy.Parse(this.options.AllowedNetworks, NotificationOptions.AllowedNetworksSetting));
        http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
                new NetworkStream(await connector.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken), ownsSocket: true),
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = Math.Max(1, this.options.MaxConcurrencyPerDestination),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public bool Handles(string target) => !NotificationRecord.IsEmailTarget(target);

    public async Task<DeliveryOutcome> TryAsync(ClaimedDelivery delivery, JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(job);
        var started = timeProvider.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var url = WebhookMacros.Resolve(delivery.Target, view.Context(job, delivery.Event, delivery.Status));
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return new DeliveryOutcome(false, started, clock.Elapsed, Error: "the URL with its macros resolved is not an absolute http(s) URL");
        }

        var body = Encoding.UTF8.GetBytes(view.WebhookBody(job));
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        request.Headers.Add(DeliveryHeader, delivery.Uuid.ToString());
        request.Headers.Add(NotificationHeader, delivery.NotificationUuid.ToString());
        request.Headers.Add(EventHeader, delivery.Event);
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(secrets.For(delivery.TenantId), body));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.RequestTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 300
                ? new DeliveryOutcome(true, started, clock.Elapsed, code)
                : new DeliveryOutcome(false, started, clock.Elapsed, code, $"the receiver answered {code} {response.ReasonPhrase}".TrimEnd());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(false, started, clock.Elapsed, Error: $"no answer within {options.RequestTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException exception) when (exception.InnerException is DestinationRefusedException refused)
        {
            return new DeliveryOutcome(false, started, clock.Elapsed, Error: refused.Message);
        }
        catch (HttpRequestException exception)
        {
            return new DeliveryOutcome(false, started, clock.Elapsed, Error: Describe(exception));
        }
    }

    public void Dispose() => http.Dispose();

    private static string Describe(HttpRequestException exception) => exception.InnerException switch
    {
        SocketException socket => $"could not connect: {socket.SocketErrorCode}",
        IOException io => $"connection failed: {io.Message}",
        _ => exception.HttpRequestError == HttpRequestError.Unknown ? exception.Message : $"request failed: {exception.HttpRequestError}",
    };
}
