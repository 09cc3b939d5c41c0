using AloeOrleans.Grains.Persistence;
using Npgsql;

namespace AloeOrleans.Grains.Recovery;

/// <summary><see cref="IRecoveryQueries"/> over PostgreSQL: the groups of one tenant with their job counts, in one statement each.</summary>
public sealed class PostgresRecoveryQueries(NpgsqlDataSource dataSource) : IRecoveryQueries
{
    private const string GroupColumns =
        "g.group_key, g.condition, g.tester, g.tester_params, g.policy, g.first_blocked, g.attempts, g.last_attempt, g.next_attempt, g.last_result, " +
        "(SELECT count(*) FROM aloe_recovery_jobs j WHERE j.group_key = g.group_key)::int, " +
        "(SELECT count(*) FROM aloe_recovery_jobs j WHERE j.group_key = g.group_key AND j.released_at IS NULL)::int";

    public Task<IReadOnlyList<RecoveryGroupView>> ListAsync(string tenantId, int limit, int offset, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync<IReadOnlyList<RecoveryGroupView>>(async () =>
        {
            await using var command = dataSource.CreateCommand(
                $"SELECT {GroupColumns} FROM aloe_recovery_groups g WHERE g.tenant_id = @tenant " +
                "ORDER BY g.first_blocked, g.group_key LIMIT @limit OFFSET @offset");
            command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
            command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
            command.Parameters.Add(new NpgsqlParameter<int>("offset", offset));
            var groups = new List<RecoveryGroupView>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                groups.Add(ReadGroup(reader));
            }

            return groups;
        });

    public Task<RecoveryGroupView?> FindAsync(string tenantId, string groupKey, int jobLimit, int jobOffset, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var batch = dataSource.CreateBatch();
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                $"SELECT {GroupColumns} FROM aloe_recovery_groups g WHERE g.group_key = $1 AND g.tenant_id = $2")
            {
                Parameters = { new() { Value = groupKey }, new() { Value = tenantId } },
            });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "SELECT j.job_uuid, j.phase, j.blocked_at, j.released_at FROM aloe_recovery_jobs j " +
                "JOIN aloe_recovery_groups g ON g.group_key = j.group_key WHERE j.group_key = $1 AND g.tenant_id = $2 " +
                "ORDER BY j.blocked_at, j.job_uuid LIMIT $3 OFFSET $4")
            {
                Parameters = { new() { Value = groupKey }, new() { Value = tenantId }, new() { Value = jobLimit }, new() { Value = jobOffset } },
            });
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var group = ReadGroup(reader);
            await reader.NextResultAsync(cancellationToken);
            var jobs = new List<RecoveryGroupJob>();
            while (await reader.ReadAsync(cancellationToken))
            {
                jobs.Add(new RecoveryGroupJob(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3)));
            }

            return (RecoveryGroupView?)(group with { Jobs = jobs });
        });

    private static RecoveryGroupView ReadGroup(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.GetFieldValue<DateTimeOffset>(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
        reader.GetFieldValue<DateTimeOffset>(8), reader.GetString(9), reader.GetInt32(10), reader.GetInt32(11), []);
}
