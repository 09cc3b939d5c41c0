using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using Npgsql;

namespace AloeOrleans.Grains.Recovery;

/// <summary><see cref="IRecoveryStore"/> over PostgreSQL; every write is one statement.</summary>
public sealed class PostgresRecoveryStore(NpgsqlDataSource dataSource) : IRecoveryStore
{
    private const string InsertGroupSql =
        "INSERT INTO aloe_recovery_groups (group_key, tenant_id, condition, tester, tester_params, policy, first_blocked, next_attempt) " +
        "VALUES (@key, @tenant, @condition, @tester, @params, @policy, @blocked_at, @first_attempt) ON CONFLICT (group_key) DO NOTHING";

    // A job already in this group keeps its row (and its release); one coming from another group moves.
    private const string InsertJobSql =
        "INSERT INTO aloe_recovery_jobs (job_uuid, group_key, phase, reason, blocked_at) VALUES (@job, @key, @phase, @reason, @blocked_at) " +
        "ON CONFLICT (job_uuid) DO UPDATE SET group_key = EXCLUDED.group_key, phase = EXCLUDED.phase, reason = EXCLUDED.reason, " +
        "blocked_at = EXCLUDED.blocked_at, released_at = NULL WHERE aloe_recovery_jobs.group_key <> EXCLUDED.group_key";

    /// <summary>Length of the free-text columns (a job's reason, a test's result).</summary>
    private const int TextLength = 2048;

    public Task<DateTimeOffset> JoinAsync(string groupKey, RecoveryTicket ticket, string policy, DateTimeOffset firstAttempt,
        CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(ticket);
            // Two statements in one transaction: the group row must exist before the job row refers to it.
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var group = new NpgsqlCommand(InsertGroupSql, connection, transaction))
            {
                group.Parameters.Add(new NpgsqlParameter<string>("key", groupKey));
                group.Parameters.Add(new NpgsqlParameter<string>("tenant", ticket.TenantId));
                group.Parameters.Add(new NpgsqlParameter<string>("condition", ticket.Condition.ToString()));
                group.Parameters.Add(new NpgsqlParameter<string>("tester", ticket.Tester.ToString()));
                group.Parameters.Add(new NpgsqlParameter<string>("params", ticket.TesterParameters));
                group.Parameters.Add(new NpgsqlParameter<string>("policy", policy));
                group.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("blocked_at", ticket.BlockedAt));
                group.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("first_attempt", firstAttempt));
                await group.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var job = new NpgsqlCommand(InsertJobSql, connection, transaction))
            {
                job.Parameters.Add(new NpgsqlParameter<Guid>("job", ticket.JobUuid));
                job.Parameters.Add(new NpgsqlParameter<string>("key", groupKey));
                job.Parameters.Add(new NpgsqlParameter<string>("phase", ticket.Phase.ToString()));
                job.Parameters.Add(new NpgsqlParameter<string>("reason", ColumnText.Fit(ticket.Reason, TextLength)));
                job.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("blocked_at", ticket.BlockedAt));
                await job.ExecuteNonQueryAsync(cancellationToken);
            }

            DateTimeOffset nextAttempt;
            await using (var next = new NpgsqlCommand("SELECT next_attempt FROM aloe_recovery_groups WHERE group_key = @key", connection, transaction))
            {
                next.Parameters.Add(new NpgsqlParameter<string>("key", groupKey));
                // Read typed: a timestamptz comes back from ExecuteScalar as a UTC DateTime, not a DateTimeOffset.
                await using var reader = await next.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                nextAttempt = reader.GetFieldValue<DateTimeOffset>(0);
            }

            await transaction.CommitAsync(cancellationToken);
            return nextAttempt;
        });

    public Task<RecoveryGroup?> GetAsync(string groupKey, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var batch = dataSource.CreateBatch();
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "SELECT tenant_id, condition, tester, tester_params, policy, first_blocked, attempts, last_attempt, next_attempt, last_result " +
                "FROM aloe_recovery_groups WHERE group_key = $1") { Parameters = { new() { Value = groupKey } } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "SELECT r.job_uuid, r.blocked_at, r.released_at, j.accepted FROM aloe_recovery_jobs r JOIN aloe_jobs j ON j.uuid = r.job_uuid " +
                "WHERE r.group_key = $1 ORDER BY j.accepted, r.blocked_at, r.job_uuid")
            {
                Parameters = { new() { Value = groupKey } },
            });
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var group = new RecoveryGroup(groupKey, reader.GetString(0), Enum.Parse<RecoveryCondition>(reader.GetString(1)),
                Enum.Parse<RecoveryTester>(reader.GetString(2)), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetString(9), []);
            await reader.NextResultAsync(cancellationToken);
            var jobs = new List<RecoveryMember>();
            while (await reader.ReadAsync(cancellationToken))
            {
                jobs.Add(new RecoveryMember(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1),
                    reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }

            return group with { Jobs = jobs };
        });

    public Task RecordAttemptAsync(string groupKey, int attempts, DateTimeOffset at, DateTimeOffset nextAttempt, string result, bool restart,
        CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "UPDATE aloe_recovery_groups SET attempts = @attempts, last_attempt = @at, next_attempt = @next, last_result = @result, " +
                "first_blocked = CASE WHEN @restart THEN @at ELSE first_blocked END WHERE group_key = @key");
            command.Parameters.Add(new NpgsqlParameter<string>("key", groupKey));
            command.Parameters.Add(new NpgsqlParameter<int>("attempts", attempts));
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", at));
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("next", nextAttempt));
            command.Parameters.Add(new NpgsqlParameter<string>("result", ColumnText.Fit(result, TextLength)));
            command.Parameters.Add(new NpgsqlParameter<bool>("restart", restart));
            await command.ExecuteNonQueryAsync(cancellationToken);
        });

    public Task MarkReleasedAsync(string groupKey, IReadOnlyList<Guid> jobs, DateTimeOffset at, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "UPDATE aloe_recovery_jobs SET released_at = @at WHERE group_key = @key AND job_uuid = ANY(@jobs)");
            command.Parameters.Add(new NpgsqlParameter<string>("key", groupKey));
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", at));
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("jobs", [.. jobs]));
            await command.ExecuteNonQueryAsync(cancellationToken);
        });

    public Task RemoveAsync(string groupKey, IReadOnlyList<Guid> jobs, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand("DELETE FROM aloe_recovery_jobs WHERE group_key = @key AND job_uuid = ANY(@jobs)");
            command.Parameters.Add(new NpgsqlParameter<string>("key", groupKey));
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("jobs", [.. jobs]));
            await command.ExecuteNonQueryAsync(cancellationToken);
        });

    public Task<bool> DeleteIfEmptyAsync(string groupKey, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "WITH del AS (DELETE FROM aloe_recovery_groups g WHERE g.group_key = @key " +
                "AND NOT EXISTS (SELECT 1 FROM aloe_recovery_jobs j WHERE j.group_key = @key) RETURNING 1) " +
                "SELECT NOT EXISTS (SELECT 1 FROM aloe_recovery_groups WHERE group_key = @key) OR EXISTS (SELECT 1 FROM del)");
            command.Parameters.Add(new NpgsqlParameter<string>("key", groupKey));
            return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        });
}
