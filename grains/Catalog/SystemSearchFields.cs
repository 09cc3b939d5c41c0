using AloeOrleans.Grains.Search;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// The search fields of <c>GET /systems/v2</c> (docs/api.md, "Searching apps and systems"). A limit that was omitted
/// (no limit) reads as 2147483647.
/// </summary>
public static class SystemSearchFields
{
    public static CatalogSearchFields<SystemDefinition> Fields { get; } = new("systems",
    [
        (new("id", SearchFieldType.Text), system => system.Id),
        (new("name", SearchFieldType.Text), system => system.Name),
        (new("type", SearchFieldType.Word, Enum.GetNames<SystemType>()), system => system.Type.ToString()),
        (new("status", SearchFieldType.Word, ["UP", "DOWN", "MAINTENANCE", "UNKNOWN"]), system => system.Status),
        (new("available", SearchFieldType.Boolean), system => system.Available),
        (new("public", SearchFieldType.Boolean), system => system.Public),
        (new("default", SearchFieldType.Boolean), system => system.Default),
        (new("operatorDefined", SearchFieldType.Boolean), system => system.OperatorDefined),
        (new("executionType", SearchFieldType.Word, ["HPC", "CLI"]), system => system.ExecutionType),
        (new("scheduler", SearchFieldType.Word, Enum.GetNames<SchedulerKind>()), system => system.Scheduler.ToString()),
        (new("site", SearchFieldType.Text), system => system.Site),
        (new("description", SearchFieldType.Text), system => system.Description),
        (new("workDir", SearchFieldType.Text), system => system.WorkDir),
        (new("scratchDir", SearchFieldType.Text), system => system.ScratchDir),
        (new("maxSystemJobs", SearchFieldType.Integer), system => (long)system.MaxSystemJobs),
        (new("maxSystemJobsPerUser", SearchFieldType.Integer), system => (long)system.MaxSystemJobsPerUser),
        (new("login.protocol", SearchFieldType.Word, SystemDefinitionValidator.LoginProtocols), system => system.Login?.Protocol),
        (new("login.host", SearchFieldType.Text), system => system.Login?.Host),
        (new("storage.protocol", SearchFieldType.Word, SystemDefinitionValidator.StorageProtocols), system => system.Storage.Protocol),
        (new("storage.host", SearchFieldType.Text), system => system.Storage.Host),
        (new("storage.rootDir", SearchFieldType.Text), system => system.Storage.RootDir),
        (new("storage.homeDir", SearchFieldType.Text), system => system.Storage.HomeDir),
        (new("queues.name", SearchFieldType.TextList), system => system.Queues.Select(queue => queue.Name).ToList()),
        (new("lastModified", SearchFieldType.Timestamp), system => system.LastModified),
    ],
    new Dictionary<string, string>
    {
        ["lastUpdated"] = "lastModified",
    });
}
