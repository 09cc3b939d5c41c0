using AloeOrleans.Gateway.Envelope;
using AloeOrleans.Grains.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace AloeOrleans.Gateway.Catalog;

/// <summary>
/// <c>/systems/v2</c>: a tenant's execution and storage systems in the Agave JSON shape (docs/api.md, "A system").
/// Every user of the tenant lists and reads them; only tenant admins create, update and delete. Credentials are
/// accepted on writes, stored encrypted, and never shown. Systems on the service's own host (LOCAL login or storage)
/// come only from the operator's seed catalog (400 here), and the operator's systems are not the admins' to change
/// or delete (403): docs/security.md. A system that apps or active jobs use cannot be deleted (409 naming them).
/// </summary>
public static class SystemsApi
{
    public static IEndpointRouteBuilder MapSystemsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var systems = app.MapGroup("/systems/v2").RequireAuthorization();
        systems.MapGet("", ListAsync);
        systems.MapGet("{id}", GetAsync);
        systems.MapPost("", (HttpContext context, [AsParameters] CatalogRequests requests, [FromServices] ILoggerFactory logs) =>
            SaveAsync(null, context, requests, logs));
        systems.MapPost("{id}", (string id, HttpContext context, [AsParameters] CatalogRequests requests, [FromServices] ILoggerFactory logs) =>
            SaveAsync(id, context, requests, logs));
        systems.MapDelete("{id}", DeleteAsync);
        return app;
    }

    public static string NotFoundMessage(string id) =>
        $"No system with id '{id}' exists in your tenant (GET /systems/v2 lists them).";

    private static Task<EnvelopeResult> ListAsync(HttpContext context, [AsParameters] CatalogRequests requests) =>
        requests.ListAsync(context, catalog => catalog.Systems, SystemSearchFields.Fields, CatalogJsonView.System, CatalogJsonView.SystemListItem);

    private static Task<EnvelopeResult> GetAsync(string id, HttpContext context, [AsParameters] CatalogRequests requests) =>
        requests.GetAsync(context, id, catalog => catalog.Systems, CatalogJsonView.System, NotFoundMessage(id));

    /// <summary><c>POST /systems/v2</c> creates or replaces by the body's id; <c>POST /systems/v2/{id}</c> replaces an existing one.</summary>
    private static async Task<EnvelopeResult> SaveAsync(string? routeId, HttpContext context, CatalogRequests requests, ILoggerFactory logs)
    {
        var write = await requests.ReadWriteAsync(context, "systems", routeId, CatalogBodyParser.ParseSystem);
        if (write is not { Admin: { } admin, Definition: { } system })
        {
            return write.Refusal!;
        }

        var errors = SystemDefinitionValidator.Validate(system, SystemAuthor.TenantAdmin);
        if (errors.Count > 0)
        {
            return CatalogRequests.Invalid(errors);
        }

        if (routeId is not null)
        {
            var existing = await requests.Registry.ReadAsync(admin.TenantId, context.RequestAborted);
            if (!existing.Systems.ContainsKey(routeId))
            {
                return EnvelopeResult.Error(StatusCodes.Status404NotFound, NotFoundMessage(routeId) + " Create it with POST /systems/v2.");
            }
        }

        bool created;
        try
        {
            created = await requests.Registry.UpsertSystemAsync(admin.TenantId, system, context.RequestAborted);
        }
        catch (CatalogConflictException conflict)
        {
            return CatalogRequests.Conflict(conflict.Message);
        }
        catch (OperatorSystemException refused)
        {
            return EnvelopeResult.Error(StatusCodes.Status403Forbidden, refused.Message);
        }

        CatalogLog.SystemSaved(logs.CreateLogger(typeof(SystemsApi)), admin.TenantId, system.Id, admin.User, created);
        var links = requests.Links(context.Request);
        var json = CatalogJsonView.System(system, links);
        return created ? EnvelopeResult.Created(json, links.System(system.Id)) : EnvelopeResult.Ok(json);
    }

    private static async Task<EnvelopeResult> DeleteAsync(
        string id, HttpContext context, [AsParameters] CatalogRequests requests, [FromServices] ILoggerFactory logs)
    {
        var (admin, refusal) = await requests.AdminAsync(context, "systems");
        if (admin is null)
        {
            return refusal!;
        }

        var deletion = await requests.Registry.DeleteSystemAsync(admin.TenantId, id, context.RequestAborted);
        if (!deletion.Found)
        {
            return EnvelopeResult.Error(StatusCodes.Status404NotFound, NotFoundMessage(id));
        }

        // 403, not 409: no change of state lets a tenant admin delete it; only the operator's seed catalog can.
        if (deletion.OperatorDefined)
        {
            return EnvelopeResult.Error(StatusCodes.Status403Forbidden, OperatorSystemException.For(id, "delete").Message);
        }

        if (deletion.UsedBy.Count > 0)
        {
            return CatalogRequests.Conflict(
                $"System {id} is still used by app(s) {string.Join(", ", deletion.UsedBy)}; delete those apps or move them to another system first.");
        }

        if (deletion.UsedByJobs is { Any: true } jobs)
        {
            return CatalogRequests.Conflict($"System {id} is used by {jobs.Describe()}; " + CatalogRequests.UntilTheJobsEnd);
        }

        CatalogLog.SystemDeleted(logs.CreateLogger(typeof(SystemsApi)), admin.TenantId, id, admin.User);
        return EnvelopeResult.Ok(null);
    }
}
