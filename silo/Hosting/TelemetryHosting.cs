using AloeOrleans.Gateway.Operations;
using AloeOrleans.Grains.Telemetry;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AloeOrleans.Silo.Hosting;

/// <summary>
/// OpenTelemetry for a silo or a gateway process (docs/operations.md): metrics from Orleans, ASP.NET Core, HttpClient,
/// Npgsql, the runtime and the service's own meter, always, for the Prometheus endpoint; traces and logs exported over
/// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OTEL_* variables configure the exporter). Without
/// an endpoint no trace is recorded: spans nobody exports would only cost every request.
/// </summary>
public static class TelemetryHosting
{
    /// <summary>Orleans' activity sources: grain calls (application and runtime), lifecycle and storage.</summary>
    public static readonly string[] OrleansSources =
        ["Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Lifecycle", "Microsoft.Orleans.Storage"];

    public const string OrleansMeter = "Microsoft.Orleans";

    public static WebApplicationBuilder AddAloeTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Log lines carry the trace and span ids of the request or job work that wrote them.
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var exportsOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: $"{Environment.MachineName}/{Environment.ProcessId}"))
            .WithMetrics(metrics => metrics
                .AddMeter(AloeTelemetry.Name, OrleansMeter)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter());
        if (exportsOtlp)
        {
            var operations = builder.Configuration.GetSection(OperationsOptions.SectionName).Get<OperationsOptions>() ?? new OperationsOptions();
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(AloeTelemetry.Name)
                    .AddSource(OrleansSources)
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsProbeOrScrape(context.Request.Path, operations))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql())
                .WithLogging(_ => { }, logging =>
                {
                    logging.IncludeFormattedMessage = true;
                    logging.IncludeScopes = true;
                })
                .UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Probes and scrapes arrive every few seconds and say nothing about jobs: they are not traced.</summary>
    private static bool IsProbeOrScrape(PathString path, OperationsOptions operations) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(OperatorPaths.Normalize(operations.MetricsPath), StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(OperatorPaths.Normalize(operations.DashboardPath), StringComparison.OrdinalIgnoreCase);
}
