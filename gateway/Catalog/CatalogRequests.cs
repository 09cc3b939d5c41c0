using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.Grains.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Catalog;

/// <summary>
/// What the /systems/v2 and /apps/v2 endpoints share: the caller, the admin rule for writes, the JSON body, links.
/// Everything is scoped to the caller's tenant, so another tenant's apps and systems are "not found".
/// Bound per request with <c>[AsParameters]</c> from the host's services.
/// </summary>
internal sealed class CatalogRequests
{
    [FromServices]
    public required CallerResolver Callers { get; init; }

    [FromServices]
    public required ICatalogRegistry Registry { get; init; }

    [FromServices]
    public required IOptionsMonitor<GatewayOptions> Options { get; init; }

    public ValueTask<Caller?> CallerAsync(HttpContext context) => Callers.ResolveAsync(context.User, context.RequestAborted);

    /// <summary>The admin caller of a write, or the 401/403 answer.</summary>
    public async Task<(Caller? Admin, EnvelopeResult? Refusal)> AdminAsync(HttpContext context, string what)
    {
        if (await CallerAsync(context) is not { } caller)
        {
            return (null, Unauthenticated());
        }

        return caller.IsTenantAdmin
            ? (caller, null)
            : (null, EnvelopeResult.Error(StatusCodes.Status403Forbidden,
                $"Only administrators of tenant {caller.TenantId} may create, update or delete {what}; {caller.User} is not one. " +
                "Ask a tenant administrator, or to be given the admin role."));
    }

    /// <summary>The body of a write (JSON only, within the size limit), or the 415 answer.</summary>
    public async Task<(byte[]? Body, EnvelopeResult? Refusal)> JsonBodyAsync(HttpContext context)
    {
        var request = context.Request;
        if (!RequestBody.IsJson(request))
        {
            return (null, EnvelopeResult.Error(
                StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type must be application/json, not '{request.ContentType ?? "(none)"}'."));
        }

        return (await RequestBody.ReadAsync(request, Options.CurrentValue.MaxRequestBodyBytes, context.RequestAborted), null);
    }

    /// <summary>What every write checks first, in this order: an admin caller, a JSON body, a definition that parses.</summary>
    public async Task<CatalogWrite<T>> ReadWriteAsync<T>(HttpContext context, string what, string? routeId, CatalogBodyParse<T> parse)
        where T : class
    {
        var (admin, refusal) = await AdminAsync(context, what);
        if (admin is null)
        {
            return new CatalogWrite<T>(null, null, refusal);
        }

        var (body, notJson) = await JsonBodyAsync(context);
        if (body is null)
        {
            return new CatalogWrite<T>(null, null, notJson);
        }

        var parsed = parse(body, routeId);
        return parsed.IsValid
            ? new CatalogWrite<T>(admin, parsed.Value, null)
            : new CatalogWrite<T>(null, null, Invalid(parsed.Errors));
    }

    /// <summary>
    /// <c>GET …/v2</c>: the caller's tenant's definitions of one kind that match the search terms, sorted by id, one page
    /// (<c>limit</c>, <c>offset</c>), as list items (full objects with <c>filter=</c>); 400 for a bad term or page.
    /// </summary>
    public async Task<EnvelopeResult> ListAsync<T>(HttpContext context, Func<TenantCatalog, IReadOnlyDictionary<string, T>> kind,
        CatalogSearchFields<T> search, Func<T, JobLinks, JsonNode> full, Func<T, JobLinks, JsonNode> listItem)
    {
        if (await CallerAsync(context) is not { } caller)
        {
            return Unauthenticated();
        }

        if (!CatalogListParameters.TryParse(context.Request.Query, search.Table, out var page, out var terms, out var error))
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, error);
        }

        var definitions = kind(await Registry.ReadAsync(caller.TenantId, context.RequestAborted));
        var links = Links(context.Request);
        var view = WantsFullObjects(context.Request) ? full : listItem;
        var items = search.Filter(definitions.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value), terms)
            .Skip(page.Offset)
            .Take(page.Limit)
            .Select(definition => view(definition, links));
        return EnvelopeResult.Ok(new JsonArray(items.ToArray()));
    }

    /// <summary><c>GET …/v2/{id}</c>: one definition of the caller's tenant, or 404 with <paramref name="notFound"/>.</summary>
    public async Task<EnvelopeResult> GetAsync<T>(HttpContext context, string id, Func<TenantCatalog, IReadOnlyDictionary<string, T>> kind,
        Func<T, JobLinks, JsonNode> full, string notFound)
    {
        if (await CallerAsync(context) is not { } caller)
        {
            return Unauthenticated();
        }

        var definitions = kind(await Registry.ReadAsync(caller.TenantId, context.RequestAborted));
        return definitions.TryGetValue(id, out var definition)
            ? EnvelopeResult.Ok(full(definition, Links(context.Request)))
            : EnvelopeResult.Error(StatusCodes.Status404NotFound, notFound);
    }

    public JobLinks Links(HttpRequest request) => JobLinks.For(request, Options.CurrentValue.BaseUrl);

    /// <summary>With <c>filter=</c> clients pick fields of the full object (as for jobs), so lists return full objects.</summary>
    public static bool WantsFullObjects(HttpRequest request) => request.Query.ContainsKey("filter");

    public static EnvelopeResult Invalid(IEnumerable<CatalogError> errors) =>
        EnvelopeResult.Error(StatusCodes.Status400BadRequest, CatalogError.Join(errors));

    /// <summary>What a refusal because of active jobs tells the admin to do.</summary>
    public const string UntilTheJobsEnd =
        "it can be deleted once they have ended (FINISHED, FAILED, or STOPPED: cancel one with POST /jobs/v2/{id}/cancel).";

    public static EnvelopeResult Conflict(string message) => EnvelopeResult.Error(StatusCodes.Status409Conflict, message);

    public static EnvelopeResult Unauthenticated() =>
        EnvelopeResult.Error(StatusCodes.Status401Unauthorized, TokenFailureMessages.Missing);
}
