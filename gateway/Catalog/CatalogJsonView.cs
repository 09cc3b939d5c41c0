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
    public static JsonObject System(SystemDefinition system, JobLinks links)
    {
        var json = JsonSerializer.SerializeToNode(SystemCredentials.Strip(system), CatalogJson.Options)!.AsObject();
        json["operatorDefined"] = system.OperatorDefined;
        json["_links"] = new JsonObject { ["self"] = Href(links.System(system.Id)) };
        return json;
    }

    public static JsonObject SystemListItem(SystemDefinition system, JobLinks links) => new()
    {
        ["id"] = system.Id,
        ["name"] = system.Name,
        ["type"] = system.Type.ToString(),
        ["default"] = system.Default,
        ["_links"] = new JsonObject { ["self"] = Href(links.System(system.Id)) },
    };

    public static JsonObject App(AppDefinition app, JobLinks links)
    {
        var json = JsonSerializer.SerializeToNode(app, CatalogJson.Options)!.AsObject();
        json["_links"] = AppLinks(app, links);
        return json;
    }

    public static JsonObject AppListItem(AppDefinition app, JobLinks links) => new()
    {
        ["id"] = app.Id,
        ["name"] = app.Name,
        ["version"] = app.Version,
        ["uuid"] = app.Uuid,
        ["executionSystem"] = app.ExecutionSystem,
        ["_links"] = AppLinks(app, links),
    };

    private static JsonObject AppLinks(AppDefinition app, JobLinks links) => new()
    {
        ["self"] = Href(links.App(app.Id)),
        ["executionSystem"] = Href(links.System(app.ExecutionSystem)),
        ["deploymentSystem"] = Href(links.System(app.DeploymentSystem ?? app.ExecutionSystem)),
    };

    private static JsonObject Href(string url) => new() { ["href"] = url };
}
