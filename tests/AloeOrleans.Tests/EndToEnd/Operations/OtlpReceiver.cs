using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using AloeOrleans.Tests.Infrastructure;

namespace AloeOrleans.Tests.EndToEnd.Operations;

/// <summary>
/// An OTLP/HTTP endpoint (protobuf) on loopback, as a collector would be: it takes what the service exports to
/// <c>/v1/traces</c>, <c>/v1/logs</c> and <c>/v1/metrics</c>, answers 200, and keeps the spans and log records.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;

    private OtlpReceiver(int port)
    {
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; }

    public ConcurrentBag<OtlpSpan> Spans { get; } = [];

    public ConcurrentBag<OtlpLogRecord> LogRecords { get; } = [];

    public static OtlpReceiver Start() => new(TestPorts.Free());

    /// <summary>The service settings that export to this receiver, flushing every 200 ms.</summary>
    public Dictionary<string, string> ServiceSettings() => new(StringComparer.Ordinal)
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "60000",
    };

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task LoopAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            var input = context.Request.Headers["Content-Encoding"] == "gzip"
                ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress)
                : context.Request.InputStream;
            await input.CopyToAsync(body);
            var bytes = body.ToArray();
            switch (context.Request.Url?.AbsolutePath)
            {
                case "/v1/traces":
                    foreach (var span in OtlpReader.Spans(bytes))
                    {
                        Spans.Add(span);
                    }

                    break;
                case "/v1/logs":
                    foreach (var record in OtlpReader.LogRecords(bytes))
                    {
                        LogRecords.Add(record);
                    }

                    break;
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
