using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Staging;
using Npgsql;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// The active jobs of a tenant that use an app or a system, read inside the transaction that deletes it (the app or
/// system row is locked there). A job accepted in the same instant may still slip past the check; it then finds the
/// app or system gone and ends naming it.
/// </summary>
internal static class ActiveJobQueries
{
    private const string Active = "status NOT IN ('FINISHED', 'STOPPED', 'FAILED')";

    // Statuses in which a job may still read its inputs (JobSystemUse.StillStagesInputs decides exactly).
    private const string MayStage = "status IN ('ACCEPTED', 'PENDING', 'PROCESSING_INPUTS', 'STAGING_INPUTS', 'BLOCKED', 'PAUSED')";

    public static async Task<ActiveJobUse> OfAppAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId, string appId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT uuid, count(*) OVER () FROM aloe_jobs WHERE tenant_id = $1 AND app_id = $2 AND {Active} ORDER BY id LIMIT $3",
            connection, transaction)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = appId }, new() { Value = ActiveJobUse.Shown } },
        };
        var first = new List<Guid>();
        long count = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            first.Add(reader.GetGuid(0));
            count = reader.GetInt64(1);
        }

        return new ActiveJobUse((int)count, first);
    }

    /// <summary>
    /// The database narrows the candidates (same execution or archive system, or inputs that may lie on it);
    /// <see cref="JobSystemUse"/> decides each one, as staging would locate its inputs in <paramref name="catalog"/>.
    /// </summary>
    public static async Task<ActiveJobUse> OfSystemAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId, string systemId,
        TenantCatalog catalog, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT uuid, status, suspended_from, app_id, system_id, archive, archive_system, CASE WHEN {MayStage} THEN inputs::text END " +
            $"FROM aloe_jobs WHERE tenant_id = $1 AND {Active} AND (system_id = $2 OR (archive AND archive_system = $2) " +
            $"OR ({MayStage} AND (strpos(inputs::text, 'agave://' || $2) > 0 OR strpos(inputs::text, 'sftp://') > 0 OR $3 OR app_id = ANY($4)))) ORDER BY id",
            connection, transaction)
        {
            Parameters =
            {
                new() { Value = tenantId }, new() { Value = systemId }, new() { Value = catalog.DefaultStorage?.Id == systemId },
                // Plain input paths of these apps' jobs lie on this system (InputLocator.RelativeInputSystem).
                new() { Value = catalog.Apps.Values.Where(app => InputLocator.RelativeInputSystem(app, catalog)?.Id == systemId).Select(app => app.Id).ToArray() },
            },
        };
        var first = new List<Guid>();
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var job = new ActiveJobReference(
                reader.GetGuid(0),
                Enum.Parse<JobStatus>(reader.GetString(1)),
                reader.IsDBNull(2) ? null : Enum.Parse<JobStatus>(reader.GetString(2)),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetBoolean(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7));
            if (JobSystemUse.Uses(job, systemId, tenantId, catalog))
            {
                count++;
                if (first.Count < ActiveJobUse.Shown)
                {
                    first.Add(job.Uuid);
                }
            }
        }

        return new ActiveJobUse(count, first);
    }
}
