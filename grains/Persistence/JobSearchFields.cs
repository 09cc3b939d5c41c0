using System.Collections.Frozen;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// The search field names of <c>GET /jobs/v2</c> (docs/api.md, "Reading jobs") and the column each one reads. Used for
/// <c>orderBy</c> now and by the search language; names are case-insensitive, aliases map to the same column.
/// </summary>
public static class JobSearchFields
{
    private static readonly FrozenDictionary<string, string> Columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = "uuid",
        ["name"] = "name",
        ["owner"] = "owner",
        ["status"] = "status",
        ["appid"] = "app_id",
        ["systemid"] = "system_id",
        ["executionsystem"] = "system_id",
        ["archive"] = "archive",
        ["archivepath"] = "archive_path",
        ["archivesystem"] = "archive_system",
        ["remotequeue"] = "remote_queue",
        ["batchqueue"] = "remote_queue",
        ["remotejobid"] = "remote_job_id",
        ["schedulerjobid"] = "scheduler_job_id",
        ["nodecount"] = "node_count",
        ["processorspernode"] = "processors_per_node",
        ["memorypernode"] = "memory_per_node",
        ["maxhours"] = "max_hours",
        ["accepted"] = "accepted",
        ["created"] = "created",
        ["ended"] = "ended",
        ["lastupdated"] = "last_updated",
        ["lastmodified"] = "last_updated",
        ["remotesubmitted"] = "remote_submitted",
        ["remotestarted"] = "remote_started",
        ["remoteended"] = "remote_ended",
        ["remoteoutcome"] = "remote_outcome",
        ["submitretries"] = "submit_retries",
        ["laststatusmessage"] = "last_status_message",
        ["workpath"] = "work_path",
        ["visible"] = "visible",
        ["tenantqueue"] = "tenant_queue",
        ["runtime"] = "extract(epoch from (remote_ended - remote_started))",
        ["walltime"] = "extract(epoch from (ended - created))",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every accepted field name, for error messages.</summary>
    public static IEnumerable<string> Names => Columns.Keys.Order(StringComparer.Ordinal);

    /// <summary>The SQL expression a field reads; false for an unknown name.</summary>
    public static bool TryGetColumn(string field, out string column) => Columns.TryGetValue(field, out column!);
}
