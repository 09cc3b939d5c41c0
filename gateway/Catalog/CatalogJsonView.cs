using System.Text.Json;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Gateway.Catalog;

/// <summary>
/// Systems and apps as the API shows them: the Agave JSON of docs/api.md ("Systems and apps") plus <c>_links</c> (and,
/// for a system, the output-only <c>operatorDefined</c>: true for the operator's seed catalog systems, which tenant
/// admins cannot change). A system is always shown through <see cref="SystemCredentials.Strip"/>: usernames and auth
/// types, never a key or password.
/// </summary>
internal static class CatalogJsonView
{
    public static JsonObject System(SystemDefinition system, JobLinks links) => WithoutNulls(SystemObject(system, links));

    public static JsonObject App(AppDefinition app, JobLinks links) => WithoutNulls(AppObject(app, links));

    private static JsonObject SystemObject(SystemDefinition system, JobLinks links)
    {
        var json = JsonSerializer.SerializeToNode(SystemCredentials.Strip(system), CatalogJson.Options)!.AsObject();
        json["operatorDefined"] = system.OperatorDefined;
        json["lastModified"] = JobJson.Timestamp(system.LastModified);
        json["_links"] = new JsonObject { ["self"] = Href(links.System(system.Id)) };
        return json;
    }

    /// <summary>Agave's summary of a system; fields that are not set are left out.</summary>
    public static JsonObject SystemListItem(SystemDefinition system, JobLinks links) => WithoutNulls(new()
    {
        ["id"] = system.Id,
        ["name"] = system.Name,
        ["type"] = system.Type.ToString(),
        ["description"] = system.Description,
        ["status"] = system.Status,
        ["available"] = system.Available,
        ["public"] = system.Public,
        ["default"] = system.Default,
        ["lastModified"] = JobJson.Timestamp(system.LastModified),
        ["_links"] = new JsonObject { ["self"] = Href(links.System(system.Id)) },
    });

    private static JsonObject AppObject(AppDefinition app, JobLinks links)
    {
        var json = JsonSerializer.SerializeToNode(app, CatalogJson.Options)!.AsObject();
        json["lastModified"] = JobJson.Timestamp(app.LastModified);
        json["_links"] = AppLinks(app, links);
        return json;
    }

    /// <summary>Agave's summary of an app; fields that are not set are left out.</summary>
    public static JsonObject AppListItem(AppDefinition app, JobLinks links) => WithoutNulls(new()
    {
        ["id"] = app.Id,
        ["name"] = app.Name,
        ["version"] = app.Version,
        ["uuid"] = app.Uuid,
        ["executionSystem"] = app.ExecutionSystem,
        ["label"] = app.Label,
        ["shortDescription"] = app.ShortDescription,
        ["available"] = app.Available,
        ["isPublic"] = app.IsPublic,
        ["lastModified"] = JobJson.Timestamp(app.LastModified),
        ["_links"] = AppLinks(app, links),
    });

    private static JsonObject WithoutNulls(JsonObject item)
    {
        foreach (var name in item.Where(property => property.Value is null).Select(property => property.Key).ToList())
        {
            item.Remove(name);
        }

        return item;
    }

    private static JsonObject AppLinks(AppDefinition app, JobLinks links) => new()
    {
        ["self"] = Href(links.App(app.Id)),
        ["executionSystem"] = Href(links.System(app.ExecutionSystem)),
        ["deploymentSystem"] = Href(links.System(app.DeploymentSystem ?? app.ExecutionSystem)),
    };

    private static JsonObject Href(string url) => new() { ["href"] = url };
}
