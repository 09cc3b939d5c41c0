using AloeOrleans.Grains.Search;

namespace AloeOrleans.Grains.Catalog;

/// <summary>The search fields of <c>GET /apps/v2</c> (docs/api.md, "Searching apps and systems").</summary>
public static class AppSearchFields
{
    public static CatalogSearchFields<AppDefinition> Fields { get; } = new("apps",
    [
        (new("id", SearchFieldType.Text), app => app.Id),
        (new("name", SearchFieldType.Text), app => app.Name),
        (new("version", SearchFieldType.Version), app => app.Version),
        (new("uuid", SearchFieldType.Text), app => app.Uuid),
        (new("label", SearchFieldType.Text), app => app.Label),
        (new("shortDescription", SearchFieldType.Text), app => app.ShortDescription),
        (new("longDescription", SearchFieldType.Text), app => app.LongDescription),
        (new("helpURI", SearchFieldType.Text), app => app.HelpUri),
        (new("executionSystem", SearchFieldType.Text), app => app.ExecutionSystem),
        (new("deploymentSystem", SearchFieldType.Text), app => app.DeploymentSystem ?? app.ExecutionSystem),
        (new("deploymentPath", SearchFieldType.Text), app => app.DeploymentPath),
        (new("templatePath", SearchFieldType.Text), app => app.TemplatePath),
        (new("parallelism", SearchFieldType.Word, Enum.GetNames<AppParallelism>()), app => app.Parallelism.ToString()),
        (new("executionType", SearchFieldType.Word, ["HPC", "CLI"]), app => app.ExecutionType),
        (new("defaultQueue", SearchFieldType.Text), app => app.DefaultQueue),
        (new("defaultNodeCount", SearchFieldType.Integer), app => (long?)app.DefaultNodeCount),
        (new("defaultProcessorsPerNode", SearchFieldType.Integer), app => (long?)app.DefaultProcessorsPerNode),
        (new("checkpointable", SearchFieldType.Boolean), app => app.Checkpointable),
        (new("available", SearchFieldType.Boolean), app => app.Available),
        (new("isPublic", SearchFieldType.Boolean), app => app.IsPublic),
        (new("archiveOnAppError", SearchFieldType.Boolean), app => app.ArchiveOnAppError),
        (new("tags", SearchFieldType.TextList), app => app.Tags),
        (new("ontology", SearchFieldType.TextList), app => app.Ontology),
        (new("modules", SearchFieldType.TextList), app => app.Modules),
        (new("inputs.id", SearchFieldType.TextList), app => app.Inputs.Select(input => input.Id).ToList()),
        (new("parameters.id", SearchFieldType.TextList), app => app.Parameters.Select(parameter => parameter.Id).ToList()),
        (new("outputs.id", SearchFieldType.TextList), app => app.Outputs.Select(output => output.Id).ToList()),
        (new("lastModified", SearchFieldType.Timestamp), app => app.LastModified),
    ],
    new Dictionary<string, string>
    {
        ["public"] = "isPublic",
        ["tag"] = "tags",
        ["lastUpdated"] = "lastModified",
    });
}
