using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// The notification tables over PostgreSQL (docs/notifications.md): the dispatcher's claims and records, and the
/// /notifications/v2 reads and writes. Each call is one statement. An outage comes out as
/// <see cref="DatabaseUnavailableException"/>.
/// </summary>
public sealed class PostgresNotificationStore(NpgsqlDataSource dataSource)
{
    public const string DeliveredEvent = JobHistoryKinds.NotificationDelivered;
    public const string FailedEvent = JobHistoryKinds.NotificationFailed;
    private const string CreatedBy = "aloe-notifications";

    private const string NotificationColumns =
        "n.uuid, n.tenant_id, n.owner, n.job_uuid, n.event, n.url, n.persistent, n.policy::text, n.status, n.created, n.last_updated, n.last_sent";

    // Only the first pending delivery of a job to a target may go: events of one job reach one URL in order.
    // A destination this dispatcher has no free slot for is skipped (@busy), and no more than @per_destination rows of
    // one destination are taken at a time, so a slow receiver's backlog never fills a claim meant for the others. The
    // first @scan due rows are found through the due index and only they are ranked, so a claim costs the same however
    // long the outbox is.
    private const string ClaimSql =
        "WITH due AS (SELECT d.uuid, d.destination, d.next_attempt FROM aloe_notification_deliveries d " +
        "WHERE d.state = 'PENDING' AND d.next_attempt <= now() AND (d.lease_until IS NULL OR d.lease_until < now()) " +
        "AND NOT (d.destination = ANY (@busy)) " +
        "AND NOT EXISTS (SELECT 1 FROM aloe_notification_deliveries e WHERE e.state = 'PENDING' AND e.job_uuid = d.job_uuid " +
        "AND e.target = d.target AND e.event_id < d.event_id) " +
        "ORDER BY d.next_attempt LIMIT @scan), " +
        "candidates AS (SELECT uuid, next_attempt, row_number() OVER (PARTITION BY destination ORDER BY next_attempt) AS rank FROM due), " +
        "picked AS (SELECT d.uuid FROM aloe_notification_deliveries d JOIN candidates c ON c.uuid = d.uuid " +
        // Re-checked on the row's newest version when it is locked: another dispatcher may have claimed it meanwhile.
        "WHERE c.rank <= @per_destination AND d.state = 'PENDING' AND (d.lease_until IS NULL OR d.lease_until < now()) " +
        "ORDER BY c.next_attempt LIMIT @limit FOR UPDATE OF d SKIP LOCKED) " +
        "UPDATE aloe_notification_deliveries d SET lease_until = now() + @lease, lease_token = gen_random_uuid() " +
        "FROM picked, aloe_notifications n WHERE d.uuid = picked.uuid AND n.uuid = d.notification_uuid " +
        "RETURNING d.uuid, d.lease_token, d.notification_uuid, d.job_uuid, d.event_id, d.event, d.status, d.target, d.attempts, " +
        "n.policy::text, n.tenant_id, d.destination";

    // The try, the delivery's new state, the notification's status and the job's history event, together; nothing when
    // the lease was lost (another dispatcher took the delivery over and records its own try).
    private const string RecordSql =
        "WITH upd AS (UPDATE aloe_notification_deliveries SET attempts = attempts + 1, lease_until = NULL, lease_token = NULL, " +
        "state = @state, next_attempt = COALESCE(@next_attempt, next_attempt), " +
        "finished = CASE WHEN @state = 'PENDING' THEN NULL ELSE now() END " +
        "WHERE uuid = @delivery AND lease_token = @token RETURNING uuid, notification_uuid, job_uuid, attempts, event), " +
        "att AS (INSERT INTO aloe_notification_attempts (delivery_uuid, notification_uuid, attempt, started, duration_ms, response_code, error, delivered) " +
        "SELECT uuid, notification_uuid, attempts, @started, @duration_ms, @response_code, @error, @delivered FROM upd), " +
        "note AS (UPDATE aloe_notifications n SET last_updated = now(), " +
        "last_sent = CASE WHEN @delivered THEN now() ELSE n.last_sent END, " +
        "status = CASE WHEN @state = 'FAILED' THEN 'FAILED' WHEN @state = 'DELIVERED' AND n.status = 'FAILED' THEN 'ACTIVE' ELSE n.status END " +
        "FROM upd WHERE n.uuid = upd.notification_uuid AND @state <> 'PENDING'), " +
        "ev AS (INSERT INTO aloe_job_events (job_uuid, event, status, created, created_by, description) " +
        "SELECT j.uuid, @history_event, j.status, now(), '" + CreatedBy + "', @history_description || upd.event || ' event' " +
        "FROM upd JOIN aloe_jobs j ON j.uuid = upd.job_uuid WHERE @state <> 'PENDING') " +
        "SELECT count(*) FROM upd";

    public Task<IReadOnlyList<ClaimedDelivery>> ClaimDueAsync(int limit, int perDestination, IReadOnlyCollection<string> busyDestinations, TimeSpan lease,
        CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(ClaimSql);
            command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
            command.Parameters.Add(new NpgsqlParameter<int>("scan", limit * 4));
            command.Parameters.Add(new NpgsqlParameter<int>("per_destination", perDestination));
            command.Parameters.Add(new NpgsqlParameter<string[]>("busy", busyDestinations.ToArray()));
            command.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease", lease));
            var claimed = new List<ClaimedDelivery>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new ClaimedDelivery
                {
                    Uuid = reader.GetGuid(0),
                    LeaseToken = reader.GetGuid(1),
                    NotificationUuid = reader.GetGuid(2),
                    JobUuid = reader.GetGuid(3),
                    EventId = reader.GetInt64(4),
                    Event = reader.GetString(5),
                    Status = reader.GetString(6),
                    Target = reader.GetString(7),
                    Attempts = reader.GetInt32(8),
                    Policy = NotificationPolicyReader.FromStored(reader.GetString(9)),
                    TenantId = reader.GetString(10),
                    Destination = reader.GetString(11),
                });
            }

            return (IReadOnlyList<ClaimedDelivery>)claimed;
        });

    /// <summary>Gives claimed deliveries back untried, so any dispatcher may claim them again at once.</summary>
    public Task ReleaseAsync(IReadOnlyCollection<ClaimedDelivery> deliveries, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "UPDATE aloe_notification_deliveries d SET lease_until = NULL, lease_token = NULL " +
                "FROM unnest(@uuids, @tokens) AS r (uuid, token) WHERE d.uuid = r.uuid AND d.lease_token = r.token");
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("uuids", deliveries.Select(delivery => delivery.Uuid).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("tokens", deliveries.Select(delivery => delivery.LeaseToken).ToArray()));
            await command.ExecuteNonQueryAsync(cancellationToken);
        });

    /// <summary>
    /// Records one try. <paramref name="nextAttempt"/> null with the try failed means the policy allows no more: the
    /// delivery and its notification become FAILED. False when the lease was lost and nothing was recorded.
    /// </summary>
    public Task<bool> RecordAsync(ClaimedDelivery delivery, DeliveryOutcome outcome, DateTimeOffset? nextAttempt, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(delivery);
            ArgumentNullException.ThrowIfNull(outcome);
            var state = outcome.Delivered ? "DELIVERED" : nextAttempt is null ? "FAILED" : "PENDING";
            await using var command = dataSource.CreateCommand(RecordSql);
            var parameters = command.Parameters;
            parameters.Add(new NpgsqlParameter<Guid>("delivery", delivery.Uuid));
            parameters.Add(new NpgsqlParameter<Guid>("token", delivery.LeaseToken));
            parameters.Add(new NpgsqlParameter<string>("state", state));
            parameters.Add(new NpgsqlParameter("next_attempt", NpgsqlDbType.TimestampTz) { Value = outcome.Delivered || nextAttempt is null ? DBNull.Value : nextAttempt.Value });
            parameters.Add(new NpgsqlParameter<DateTimeOffset>("started", outcome.Started));
            parameters.Add(new NpgsqlParameter<int>("duration_ms", (int)Math.Min(int.MaxValue, Math.Max(0, outcome.Duration.TotalMilliseconds))));
            parameters.Add(new NpgsqlParameter("response_code", NpgsqlDbType.Integer) { Value = outcome.ResponseCode is { } code ? code : DBNull.Value });
            parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Varchar) { Value = outcome.Error is { } error ? Limit(error, 1024) : DBNull.Value });
            parameters.Add(new NpgsqlParameter<bool>("delivered", outcome.Delivered));
            parameters.Add(new NpgsqlParameter<string>("history_event", outcome.Delivered ? DeliveredEvent : FailedEvent));
            parameters.Add(new NpgsqlParameter<string>("history_description", outcome.Delivered
                ? $"notification {delivery.NotificationUuid} delivered to {Shown(delivery.Target)} for the "
                : $"notification {delivery.NotificationUuid} failed after {delivery.Attempts + 1} tries to {Shown(delivery.Target)} ({Limit(outcome.Error ?? "", 200)}) for the "));
            return (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L) > 0;
        });

    public Task<IReadOnlyList<NotificationRecord>> ListForJobAsync(string tenantId, Guid jobUuid, int offset, int limit, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT " + NotificationColumns + " FROM aloe_notifications n WHERE n.tenant_id = @tenant AND n.job_uuid = @job " +
                "ORDER BY n.created, n.uuid OFFSET @offset LIMIT @limit");
            command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
            command.Parameters.Add(new NpgsqlParameter<Guid>("job", jobUuid));
            command.Parameters.Add(new NpgsqlParameter<int>("offset", offset));
            command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
            return await ReadNotificationsAsync(command, cancellationToken);
        });

    public Task<NotificationRecord?> GetAsync(string tenantId, Guid uuid, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT " + NotificationColumns + " FROM aloe_notifications n WHERE n.tenant_id = @tenant AND n.uuid = @uuid");
            command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
            command.Parameters.Add(new NpgsqlParameter<Guid>("uuid", uuid));
            return (await ReadNotificationsAsync(command, cancellationToken)).SingleOrDefault();
        });

    /// <summary>Adds a notification to a job of the tenant; null when the job is not there.</summary>
    public Task<NotificationRecord?> AddAsync(string tenantId, Guid jobUuid, string eventName, string url, bool persistent, NotificationPolicy policy,
        CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "WITH n AS (INSERT INTO aloe_notifications (tenant_id, owner, job_uuid, event, url, persistent, policy) " +
                "SELECT j.tenant_id, j.owner, j.uuid, @event, @url, @persistent, @policy::jsonb FROM aloe_jobs j " +
                "WHERE j.uuid = @job AND j.tenant_id = @tenant RETURNING *) SELECT " + NotificationColumns + " FROM n");
            command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
            command.Parameters.Add(new NpgsqlParameter<Guid>("job", jobUuid));
            command.Parameters.Add(new NpgsqlParameter<string>("event", eventName));
            command.Parameters.Add(new NpgsqlParameter<string>("url", url));
            command.Parameters.Add(new NpgsqlParameter<bool>("persistent", persistent));
            command.Parameters.Add(new NpgsqlParameter<string>("policy", policy.ToJson().ToJsonString()));
            return (await ReadNotificationsAsync(command, cancellationToken)).SingleOrDefault();
        });

    public Task<bool> DeleteAsync(string tenantId, Guid uuid, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand("DELETE FROM aloe_notifications WHERE tenant_id = @tenant AND uuid = @uuid");
            command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
            command.Parameters.Add(new NpgsqlParameter<Guid>("uuid", uuid));
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        });

    public Task<IReadOnlyList<NotificationAttempt>> AttemptsAsync(Guid notificationUuid, int offset, int limit, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT a.id, a.delivery_uuid, d.event_id, d.event, a.attempt, a.started, a.duration_ms, a.response_code, a.error, a.delivered " +
                "FROM aloe_notification_attempts a JOIN aloe_notification_deliveries d ON d.uuid = a.delivery_uuid " +
                "WHERE a.notification_uuid = @uuid ORDER BY a.id OFFSET @offset LIMIT @limit");
            command.Parameters.Add(new NpgsqlParameter<Guid>("uuid", notificationUuid));
            command.Parameters.Add(new NpgsqlParameter<int>("offset", offset));
            command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
            var attempts = new List<NotificationAttempt>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                attempts.Add(new NotificationAttempt(reader.GetInt64(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt32(4),
                    reader.GetFieldValue<DateTimeOffset>(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetInt32(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetBoolean(9)));
            }

            return (IReadOnlyList<NotificationAttempt>)attempts;
        });

    /// <summary>Puts the failed deliveries of a notification back in the outbox, with a fresh retry budget; how many.</summary>
    public Task<int> RedeliverAsync(Guid notificationUuid, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "WITH d AS (UPDATE aloe_notification_deliveries SET state = 'PENDING', attempts = 0, next_attempt = now(), finished = NULL, " +
                "lease_until = NULL, lease_token = NULL WHERE notification_uuid = @uuid AND state = 'FAILED' RETURNING 1), " +
                "n AS (UPDATE aloe_notifications SET status = CASE WHEN persistent THEN 'ACTIVE' ELSE 'COMPLETE' END, last_updated = now() " +
                "WHERE uuid = @uuid AND status = 'FAILED' AND EXISTS (SELECT 1 FROM d)), " +
                "w AS (SELECT pg_notify('aloe_notifications', '') FROM (SELECT 1 FROM d LIMIT 1) one) " +
                "SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM w)");
            command.Parameters.Add(new NpgsqlParameter<Guid>("uuid", notificationUuid));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return (int)reader.GetInt64(0);
        });

    private static async Task<IReadOnlyList<NotificationRecord>> ReadNotificationsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var notifications = new List<NotificationRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            notifications.Add(new NotificationRecord
            {
                Uuid = reader.GetGuid(0),
                TenantId = reader.GetString(1),
                Owner = reader.GetString(2),
                JobUuid = reader.GetGuid(3),
                Event = reader.GetString(4),
                Url = reader.GetString(5),
                Persistent = reader.GetBoolean(6),
                Policy = NotificationPolicyReader.FromStored(reader.GetString(7)),
                Status = reader.GetString(8),
                Created = reader.GetFieldValue<DateTimeOffset>(9),
                LastUpdated = reader.GetFieldValue<DateTimeOffset>(10),
                LastSent = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
            });
        }

        return notifications;
    }

    /// <summary>A target as the history shows it: a webhook without its query (which may carry a token), an address whole.</summary>
    private static string Shown(string target)
    {
        var query = target.IndexOfAny(['?', '#']);
        return Limit(query < 0 ? target : target[..query], 200);
    }

    private static string Limit(string text, int max) => text.Length <= max ? text : text[..max];
}
