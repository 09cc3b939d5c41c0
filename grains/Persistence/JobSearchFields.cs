using System.Collections.Frozen;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Search;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// The search fields of <c>GET /jobs/v2</c> (docs/api.md, "Searching jobs"): each field's type and the SQL expression it
/// reads, under its Aloe name and under Agave's legacy names (the seed's renames). This table is the whitelist: the SQL
/// of a search is spliced only from these expressions, and every value travels as a parameter. Names are
/// case-insensitive; <c>orderBy</c> takes the same names.
/// </summary>
public static class JobSearchFields
{
    private static readonly (SearchField Field, string Column)[] Fields =
    [
        (new("id", SearchFieldType.Text), "uuid::text"),
        (new("name", SearchFieldType.Text), "name"),
        (new("owner", SearchFieldType.Text), "owner"),
        (new("status", SearchFieldType.Word, Enum.GetNames<JobStatus>()), "status"),
        (new("appId", SearchFieldType.Text), "app_id"),
        (new("systemId", SearchFieldType.Text), "system_id"),
        (new("archive", SearchFieldType.Boolean), "archive"),
        (new("archivePath", SearchFieldType.Text), "archive_path"),
        (new("archiveSystem", SearchFieldType.Text), "archive_system"),
        (new("remoteQueue", SearchFieldType.Text), "remote_queue"),
        (new("remoteJobId", SearchFieldType.Text), "remote_job_id"),
        (new("schedulerJobId", SearchFieldType.Text), "scheduler_job_id"),
        (new("nodeCount", SearchFieldType.Integer), "node_count"),
        (new("processorsPerNode", SearchFieldType.Integer), "processors_per_node"),
        (new("memoryPerNode", SearchFieldType.Number), "memory_per_node"),
        (new("maxHours", SearchFieldType.Number), "max_hours"),
        (new("accepted", SearchFieldType.Timestamp), "accepted"),
        (new("created", SearchFieldType.Timestamp), "created"),
        (new("ended", SearchFieldType.Timestamp), "ended"),
        (new("lastUpdated", SearchFieldType.Timestamp), "last_updated"),
        (new("remoteSubmitted", SearchFieldType.Timestamp), "remote_submitted"),
        (new("remoteStarted", SearchFieldType.Timestamp), "remote_started"),
        (new("remoteEnded", SearchFieldType.Timestamp), "remote_ended"),
        (new("remoteOutcome", SearchFieldType.Word, Enum.GetNames<RemoteOutcome>()), "remote_outcome"),
        (new("submitRetries", SearchFieldType.Integer), "submit_retries"),
        (new("lastStatusMessage", SearchFieldType.Text), "last_status_message"),
        (new("workPath", SearchFieldType.Text), "work_path"),
        (new("visible", SearchFieldType.Boolean), "visible"),
        (new("tenantQueue", SearchFieldType.Text), "tenant_queue"),
        // The request's inputs and parameters as their JSON text: like/nlike find a value anywhere in them, as Agave did.
        (new("inputs", SearchFieldType.Text), "inputs::text"),
        (new("parameters", SearchFieldType.Text), "parameters::text"),
        // Seconds the job ran on the system, and from creation to its end.
        (new("runtime", SearchFieldType.Number), "extract(epoch from (remote_ended - remote_started))"),
        (new("walltime", SearchFieldType.Number), "extract(epoch from (ended - created))"),
    ];

    /// <summary>Agave 2.2's names (docs/api.md, "Searching jobs"): legacy name → the Aloe field it reads.</summary>
    private static readonly Dictionary<string, string> LegacyNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["executionSystem"] = "systemId",
        ["batchQueue"] = "remoteQueue",
        ["localId"] = "remoteJobId",
        ["lastModified"] = "lastUpdated",
        ["endTime"] = "ended",
        ["startTime"] = "remoteStarted",
        ["submitTime"] = "remoteSubmitted",
        ["errorMessage"] = "lastStatusMessage",
        ["maxRunTime"] = "maxHours",
        ["retries"] = "submitRetries",
        ["outputPath"] = "workPath",
    };

    private static readonly FrozenDictionary<string, string> ColumnsByField =
        Fields.ToFrozenDictionary(entry => entry.Field.Name, entry => entry.Column, StringComparer.OrdinalIgnoreCase);

    /// <summary>The whitelist the search parser reads (aliases included).</summary>
    public static SearchFieldTable Table { get; } = new("jobs", Fields.Select(entry => entry.Field), LegacyNames);

    /// <summary>Every accepted field name, aliases included, for error messages.</summary>
    public static IEnumerable<string> Names => Table.Names;

    /// <summary>The SQL expression a field (or alias) reads; false for an unknown name.</summary>
    public static bool TryGetColumn(string field, out string column)
    {
        column = "";
        return Table.TryFind(field, out var found) && ColumnsByField.TryGetValue(found.Name, out column!);
    }

    /// <summary>The SQL expression of a field of <see cref="Table"/>.</summary>
    public static string ColumnOf(SearchField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return ColumnsByField[field.Name];
    }
}
