using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Envelope;
using AloeOrleans.Grains.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Health;

/// <summary>
/// <c>/health/live</c> (the process answers), <c>/health/startup</c> (the host has started: the silo joined its cluster)
/// and <c>/health/ready</c> (not shutting down, and the database and the cluster answer), for load balancers and
/// Kubernetes probes (docs/operations.md, "Health and shutdown"). No authentication: they reveal nothing but up or down.
/// </summary>
public static class HealthApi
{
    private const string Up = "up";
    private const string Down = "down";

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var health = app.MapGroup("/health").AllowAnonymous();
        health.MapGet("live", () => EnvelopeResult.Ok(new JsonObject { ["live"] = true }));
        health.MapGet("startup", (IHostApplicationLifetime lifetime) => lifetime.ApplicationStarted.IsCancellationRequested
            ? EnvelopeResult.Ok(new JsonObject { ["started"] = true })
            : EnvelopeResult.Error(StatusCodes.Status503ServiceUnavailable, "Starting."));
        health.MapGet("ready", ReadyAsync);
        return app;
    }

    private static async Task<EnvelopeResult> ReadyAsync(
        HttpContext context,
        [FromServices] IDatabaseHealth database,
        [FromServices] IClusterHealth cluster,
        [FromServices] IOptionsMonitor<GatewayOptions> options,
        [FromServices] IHostApplicationLifetime lifetime)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Load balancers take this instance out while it finishes what it has (docs/operations.md).
            return EnvelopeResult.Error(StatusCodes.Status503ServiceUnavailable, "Not ready: shutting down.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.CurrentValue.ReadyCheckTimeoutSeconds));

        var databaseUp = CheckAsync(database.IsReachableAsync, timeout.Token);
        var clusterUp = CheckAsync(cluster.IsUpAsync, timeout.Token);
        var checks = new JsonObject
        {
            ["database"] = await databaseUp ? Up : Down,
            ["cluster"] = await clusterUp ? Up : Down,
        };

        var failed = checks.Where(check => (string?)check.Value == Down).Select(check => check.Key).ToList();
        return failed.Count == 0
            ? EnvelopeResult.Ok(checks)
            : EnvelopeResult.Error(
                StatusCodes.Status503ServiceUnavailable,
                $"Not ready: {string.Join(" and ", failed)} unreachable.");
    }

    /// <summary>A check that throws or outlives the timeout counts as down: readiness must never hang or 500.</summary>
    private static async Task<bool> CheckAsync(Func<CancellationToken, Task<bool>> check, CancellationToken cancellationToken)
    {
        try
        {
            return await check(cancellationToken).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return false;
        }
    }
}
