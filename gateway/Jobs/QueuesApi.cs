using System.Collections.Frozen;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;
using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Grains.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The caller's tenant queues with their live counts, for its admins (docs/api.md, "Tenant queues"):
/// <c>GET /jobs/v2/queues</c> lists them in routing order, <c>GET /jobs/v2/queues/{name}</c> shows one. The counts
/// are the queue grains' own (the numbers admission and the worker limit use) plus the BLOCKED and PAUSED jobs read
/// from the database. Ordinary users get 403; a queue of another tenant is 404 whether it exists or not.
/// </summary>
public static class QueuesApi
{
    private const int QuotedLength = 80;

    private static readonly FrozenSet<string> Known = new[] { "pretty", "naked", "filter" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static RouteGroupBuilder MapQueuesApi(this RouteGroupBuilder jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        jobs.MapGet("queues", ListAsync);
        jobs.MapGet("queues/{name}", GetAsync);
        return jobs;
    }

    private static async Task<EnvelopeResult> ListAsync(HttpContext context, [FromServices] JobAccess access, [FromServices] IQueueStore store,
        [FromServices] IGrainFactory grains, [FromServices] IOptions<QueueDefaultsOptions> defaults)
    {
        var (caller, refusal) = await AdminAsync(context, access);
        if (caller is null)
        {
            return refusal!;
        }

        var queues = await store.ListTenantAsync(caller.TenantId, context.RequestAborted);
        if (!queues.Any(queue => queue.Name == QueueDefinition.DefaultQueueName(caller.TenantId)))
        {
            // A tenant that never submitted has no row yet: create it as its first submission would, once.
            await store.EnsureDefaultAsync(caller.TenantId, defaults.Value.NumWorkers, defaults.Value.MaxMessages, context.RequestAborted);
            queues = await store.ListTenantAsync(caller.TenantId, context.RequestAborted);
        }
        var json = await ToJsonAsync(queues, store, grains, access.Links(context.Request), context.RequestAborted);
        return EnvelopeResult.Ok(new JsonArray([.. json]));
    }

    private static async Task<EnvelopeResult> GetAsync(string name, HttpContext context, [FromServices] JobAccess access,
        [FromServices] IQueueStore store, [FromServices] IGrainFactory grains)
    {
        var (caller, refusal) = await AdminAsync(context, access);
        if (caller is null)
        {
            return refusal!;
        }

        // The tenant is the caller's: a name of another tenant is looked up nowhere.
        var queue = QueueDefinition.TenantOf(name) == caller.TenantId ? await store.FindAsync(name, context.RequestAborted) : null;
        if (queue is null || queue.TenantId != caller.TenantId)
        {
            return EnvelopeResult.Error(StatusCodes.Status404NotFound,
                $"No tenant queue named '{Quote(name)}' exists in your tenant (GET /jobs/v2/queues lists them).");
        }

        var json = await ToJsonAsync([queue], store, grains, access.Links(context.Request), context.RequestAborted);
        return EnvelopeResult.Ok(json[0]);
    }

    private static async Task<IReadOnlyList<JsonNode>> ToJsonAsync(IReadOnlyList<QueueDefinition> queues, IQueueStore store, IGrainFactory grains,
        JobLinks links, CancellationToken cancellationToken)
    {
        var snapshots = await Task.WhenAll(queues.Select(queue => grains.GetGrain<ITenantQueueGrain>(queue.Name).GetSnapshotAsync()));
        var parked = await store.CountParkedAsync([.. queues.Select(queue => queue.Name)], cancellationToken);
        return queues.Select((queue, index) =>
        {
            var snapshot = snapshots[index];
            var (blocked, paused) = parked.GetValueOrDefault(queue.Name);
            return (JsonNode)new JsonObject
            {
                ["name"] = queue.Name,
                ["tenantId"] = queue.TenantId,
                ["priority"] = queue.Priority,
                ["filter"] = queue.Filter,
                ["numWorkers"] = queue.NumWorkers,
                ["maxMessages"] = queue.MaxMessages,
                ["default"] = queue.Name == QueueDefinition.DefaultQueueName(queue.TenantId),
                ["waiting"] = snapshot.Backlog,
                ["active"] = snapshot.Active,
                ["blocked"] = blocked,
                ["paused"] = paused,
                ["_links"] = new JsonObject
                {
                    ["self"] = new JsonObject { ["href"] = $"{links.BaseUrl}jobs/v2/queues/{Uri.EscapeDataString(queue.Name)}" },
                },
            };
        }).ToList();
    }

    /// <summary>The caller when a tenant admin asking with known parameters; otherwise the 401, 403 or 400 answer.</summary>
    private static async Task<(Caller? Admin, EnvelopeResult? Refusal)> AdminAsync(HttpContext context, JobAccess access)
    {
        var (caller, refusal) = await TenantAdminGate.CheckAsync(context, access, "queues");
        if (caller is not null && context.Request.Query.Keys.FirstOrDefault(key => !Known.Contains(key)) is { } unknown)
        {
            return (null, EnvelopeResult.Error(StatusCodes.Status400BadRequest,
                $"Parameter '{Quote(unknown)}' is not supported here: the queue routes accept filter, pretty and naked."));
        }

        return (caller, refusal);
    }

    private static string Quote(string value) => value.Length > QuotedLength ? value[..QuotedLength] + "…" : value;
}
