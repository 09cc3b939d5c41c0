using AloeOrleans.Gateway.Envelope;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace AloeOrleans.Gateway.Catalog;

/// <summary>
/// <c>/apps/v2</c>: a tenant's apps in the Agave JSON shape (docs/api.md, "An app"). Every user of the tenant
/// lists and reads them; only tenant admins register, update and delete. An app's <c>uuid</c> is assigned at its
/// first registration and kept by updates. An app that active jobs use cannot be deleted (409 naming them) until they end.
/// </summary>
public static class AppsApi
{
    public static IEndpointRouteBuilder MapAppsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var apps = app.MapGroup("/apps/v2").RequireAuthorization();
        apps.MapGet("", ListAsync);
        apps.MapGet("{id}", GetAsync);
        apps.MapPost("", (HttpContext context, [AsParameters] CatalogRequests requests, [FromServices] IAppTemplates templates,
            [FromServices] ILoggerFactory logs) => SaveAsync(null, context, requests, templates, logs));
        apps.MapPost("{id}", (string id, HttpContext context, [AsParameters] CatalogRequests requests, [FromServices] IAppTemplates templates,
            [FromServices] ILoggerFactory logs) => SaveAsync(id, context, requests, templates, logs));
        apps.MapDelete("{id}", DeleteAsync);
        return app;
    }

    public static string NotFoundMessage(string id) =>
        $"No app with id '{id}' exists in your tenant (ids are name-version, e.g. wc-1.0; GET /apps/v2 lists them).";

    private static Task<EnvelopeResult> ListAsync(HttpContext context, [AsParameters] CatalogRequests requests) =>
        requests.ListAsync(context, catalog => catalog.Apps, AppSearchFields.Fields, CatalogJsonView.App, CatalogJsonView.AppListItem);

    private static Task<EnvelopeResult> GetAsync(string id, HttpContext context, [AsParameters] CatalogRequests requests) =>
        requests.GetAsync(context, id, catalog => catalog.Apps, CatalogJsonView.App, NotFoundMessage(id));

    /// <summary>
    /// <c>POST /apps/v2</c> registers or replaces by id (name-version); <c>POST /apps/v2/{id}</c> replaces an existing one.
    /// The template is read from the deployment system and checked (<see cref="AppTemplateRules"/>) before anything is stored.
    /// </summary>
    private static async Task<EnvelopeResult> SaveAsync(string? routeId, HttpContext context, CatalogRequests requests, IAppTemplates templates,
        ILoggerFactory logs)
    {
        var write = await requests.ReadWriteAsync(context, "apps", routeId, CatalogBodyParser.ParseApp);
        if (write is not { Admin: { } admin, Definition: { } app })
        {
            return write.Refusal!;
        }

        var catalog = await requests.Registry.ReadAsync(admin.TenantId, context.RequestAborted);
        var errors = AppDefinitionValidator.Validate(app, catalog.Systems);
        if (errors.Count > 0)
        {
            return CatalogRequests.Invalid(errors);
        }

        if (routeId is not null && !catalog.Apps.ContainsKey(routeId))
        {
            return EnvelopeResult.Error(StatusCodes.Status404NotFound, NotFoundMessage(routeId) + " Register it with POST /apps/v2.");
        }

        string template;
        try
        {
            template = await templates.ReadAsync(admin.TenantId, app, catalog.Systems[app.DeploymentSystem ?? app.ExecutionSystem], context.RequestAborted);
        }
        catch (AppTemplateUnavailableException unavailable)
        {
            return CatalogRequests.Invalid([AppTemplateRules.Unreadable(unavailable.Message)]);
        }

        var templateErrors = AppTemplateRules.Check(app, template);
        if (templateErrors.Count > 0)
        {
            return CatalogRequests.Invalid(templateErrors);
        }

        AppRegistration registration;
        try
        {
            registration = await requests.Registry.UpsertAppAsync(admin.TenantId, app, context.RequestAborted);
        }
        catch (CatalogConflictException conflict)
        {
            return CatalogRequests.Conflict(conflict.Message);
        }

        CatalogLog.AppSaved(logs.CreateLogger(typeof(AppsApi)), admin.TenantId, app.Id, registration.App.Uuid, admin.User, registration.Created);
        var links = requests.Links(context.Request);
        var json = CatalogJsonView.App(registration.App, links);
        return registration.Created ? EnvelopeResult.Created(json, links.App(app.Id)) : EnvelopeResult.Ok(json);
    }

    private static async Task<EnvelopeResult> DeleteAsync(
        string id, HttpContext context, [AsParameters] CatalogRequests requests, [FromServices] ILoggerFactory logs)
    {
        var (admin, refusal) = await requests.AdminAsync(context, "apps");
        if (admin is null)
        {
            return refusal!;
        }

        var deletion = await requests.Registry.DeleteAppAsync(admin.TenantId, id, context.RequestAborted);
        if (!deletion.Found)
        {
            return EnvelopeResult.Error(StatusCodes.Status404NotFound, NotFoundMessage(id));
        }

        if (!deletion.Deleted)
        {
            return CatalogRequests.Conflict($"App {id} is used by {deletion.UsedBy.Describe()}; " + CatalogRequests.UntilTheJobsEnd);
        }

        CatalogLog.AppDeleted(logs.CreateLogger(typeof(AppsApi)), admin.TenantId, id, admin.User);
        return EnvelopeResult.Ok(null);
    }
}
