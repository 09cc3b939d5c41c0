using AloeOrleans.GrainInterfaces.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// The single mapping between <see cref="JobRecord"/> and the <c>aloe_jobs</c> columns, used by every reader and
/// writer so a new field is added in one place.
/// </summary>
internal static class JobColumns
{
    /// <summary>Length of <c>last_status_message</c>, the one job column free text (any error) lands in.</summary>
    public const int LastStatusMessageLength = 2048;

    public const string SelectList =
        "id, uuid, name, tenant_id, tenant_queue, status, last_status_message, accepted, created, ended, last_updated, " +
        "owner, roles, system_id, app_id, app_uuid, work_path, archive, archive_path, archive_system, node_count, " +
        "processors_per_node, memory_per_node, max_hours, inputs::text, parameters::text, remote_job_id, scheduler_job_id, " +
        "remote_queue, remote_submitted, remote_started, remote_ended, remote_outcome, submit_retries, remote_status_checks, " +
        "failed_status_checks, last_status_check, blocked_count, visible, update_token, version, suspended_from, " +
        "notifications::text, idempotency_key, blocked_condition, last_status_answer, kill_pending, blocked_target, paused_at, paused_for, resume_requested_by";

    /// <summary>Columns a job write may change (identity, owner and request fields are fixed at acceptance).</summary>
    public const string UpdateAssignments =
        "status = @status, last_status_message = @last_status_message, created = @created, ended = @ended, " +
        "last_updated = @last_updated, work_path = @work_path, archive_path = @archive_path, remote_job_id = @remote_job_id, " +
        "scheduler_job_id = @scheduler_job_id, remote_queue = @remote_queue, remote_submitted = @remote_submitted, " +
        "remote_started = @remote_started, remote_ended = @remote_ended, remote_outcome = @remote_outcome, " +
        "submit_retries = @submit_retries, remote_status_checks = @remote_status_checks, " +
        "failed_status_checks = @failed_status_checks, last_status_check = @last_status_check, " +
        "blocked_count = @blocked_count, visible = @visible, suspended_from = @suspended_from, notifications = @notifications::jsonb, " +
        "blocked_condition = @blocked_condition, last_status_answer = @last_status_answer, kill_pending = @kill_pending, blocked_target = @blocked_target, " +
        "paused_at = @paused_at, paused_for = @paused_for, resume_requested_by = @resume_requested_by, " +
        "version = version + 1";

    public const string InsertColumns =
        "uuid, name, tenant_id, tenant_queue, status, last_status_message, accepted, created, ended, last_updated, owner, roles, " +
        "system_id, app_id, app_uuid, work_path, archive, archive_path, archive_system, node_count, processors_per_node, " +
        "memory_per_node, max_hours, inputs, parameters, remote_job_id, scheduler_job_id, remote_queue, remote_submitted, " +
        "remote_started, remote_ended, remote_outcome, submit_retries, remote_status_checks, failed_status_checks, " +
        "last_status_check, blocked_count, visible, update_token, version, suspended_from, notifications, idempotency_key, " +
        "blocked_condition, last_status_answer, kill_pending, blocked_target, paused_at, paused_for, resume_requested_by";

    public const string InsertValues =
        "@uuid, @name, @tenant_id, @tenant_queue, @status, @last_status_message, @accepted, @created, @ended, @last_updated, " +
        "@owner, @roles, @system_id, @app_id, @app_uuid, @work_path, @archive, @archive_path, @archive_system, @node_count, " +
        "@processors_per_node, @memory_per_node, @max_hours, @inputs::jsonb, @parameters::jsonb, @remote_job_id, " +
        "@scheduler_job_id, @remote_queue, @remote_submitted, @remote_started, @remote_ended, @remote_outcome, " +
        "@submit_retries, @remote_status_checks, @failed_status_checks, @last_status_check, @blocked_count, @visible, " +
        "@update_token, @version, @suspended_from, @notifications::jsonb, @idempotency_key, @blocked_condition, @last_status_answer, @kill_pending, @blocked_target, " +
        "@paused_at, @paused_for, @resume_requested_by";

    public static JobRecord Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Uuid = reader.GetGuid(1),
        TenantId = reader.GetString(3),
        TenantQueue = reader.GetString(4),
        Status = Enum.Parse<JobStatus>(reader.GetString(5)),
        LastStatusMessage = reader.GetString(6),
        Accepted = reader.GetFieldValue<DateTimeOffset>(7),
        Created = NullableTime(reader, 8),
        Ended = NullableTime(reader, 9),
        LastUpdated = reader.GetFieldValue<DateTimeOffset>(10),
        Owner = reader.GetString(11),
        Roles = reader.GetString(12),
        Spec = new JobSpec
        {
            Name = reader.GetString(2),
            SystemId = reader.GetString(13),
            AppId = reader.GetString(14),
            AppUuid = reader.GetString(15),
            Archive = new JobArchiveRequest { Enabled = reader.GetBoolean(17), Path = reader.GetString(18), SystemId = reader.GetString(19) },
            Resources = new JobResourceRequest
            {
                NodeCount = reader.GetInt32(20),
                ProcessorsPerNode = reader.GetInt32(21),
                MemoryPerNodeGb = reader.GetDouble(22),
                MaxHours = reader.GetDouble(23),
                RemoteQueue = NullableString(reader, 28),
            },
            Inputs = reader.GetString(24),
            Parameters = reader.GetString(25),
            Notifications = reader.GetString(42),
        },
        WorkPath = NullableString(reader, 16),
        RemoteJobId = NullableString(reader, 26),
        SchedulerJobId = NullableString(reader, 27),
        RemoteSubmitted = NullableTime(reader, 29),
        RemoteStarted = NullableTime(reader, 30),
        RemoteEnded = NullableTime(reader, 31),
        RemoteOutcome = reader.IsDBNull(32) ? null : Enum.Parse<RemoteOutcome>(reader.GetString(32)),
        SubmitRetries = reader.GetInt32(33),
        RemoteStatusChecks = reader.GetInt32(34),
        FailedStatusChecks = reader.GetInt32(35),
        LastStatusCheck = NullableTime(reader, 36),
        BlockedCount = reader.GetInt32(37),
        Visible = reader.GetBoolean(38),
        UpdateToken = reader.GetString(39),
        Version = reader.GetInt32(40),
        SuspendedFrom = reader.IsDBNull(41) ? null : Enum.Parse<JobStatus>(reader.GetString(41)),
        IdempotencyKey = NullableString(reader, 43),
        BlockedCondition = reader.IsDBNull(44) ? null : Enum.Parse<RecoveryCondition>(reader.GetString(44)),
        LastStatusAnswer = NullableTime(reader, 45),
        KillPending = reader.GetBoolean(46),
        BlockedTarget = RecoveryTarget.Parse(NullableString(reader, 47)),
        PausedAt = NullableTime(reader, 48),
        PausedFor = reader.GetFieldValue<TimeSpan>(49),
        ResumeRequestedBy = NullableString(reader, 50),
    };

    /// <summary>
    /// The job as it is stored: its free text made to fit its column (<see cref="ColumnText"/>), so that no message can
    /// make a write fail. Every write binds this, and the grain keeps what was stored.
    /// </summary>
    public static JobRecord Storable(JobRecord job) =>
        job with { LastStatusMessage = ColumnText.Fit(job.LastStatusMessage, LastStatusMessageLength) };

    /// <summary>
    /// Binds every column parameter used by <see cref="InsertValues"/> and <see cref="UpdateAssignments"/>;
    /// <paramref name="job"/> is already <see cref="Storable"/>.
    /// </summary>
    public static void Bind(NpgsqlParameterCollection parameters, JobRecord job)
    {
        parameters.Add(new NpgsqlParameter<Guid>("uuid", job.Uuid));
        parameters.Add(new NpgsqlParameter<string>("name", job.Spec.Name));
        parameters.Add(new NpgsqlParameter<string>("tenant_id", job.TenantId));
        parameters.Add(new NpgsqlParameter<string>("tenant_queue", job.TenantQueue));
        parameters.Add(new NpgsqlParameter<string>("status", job.Status.ToString()));
        parameters.Add(new NpgsqlParameter<string>("last_status_message", job.LastStatusMessage));
        parameters.Add(new NpgsqlParameter<DateTimeOffset>("accepted", job.Accepted));
        parameters.Add(Time("created", job.Created));
        parameters.Add(Time("ended", job.Ended));
        parameters.Add(new NpgsqlParameter<DateTimeOffset>("last_updated", job.LastUpdated));
        parameters.Add(new NpgsqlParameter<string>("owner", job.Owner));
        parameters.Add(new NpgsqlParameter<string>("roles", job.Roles));
        parameters.Add(new NpgsqlParameter<string>("system_id", job.Spec.SystemId));
        parameters.Add(new NpgsqlParameter<string>("app_id", job.Spec.AppId));
        parameters.Add(new NpgsqlParameter<string>("app_uuid", job.Spec.AppUuid));
        parameters.Add(Text("work_path", job.WorkPath));
        parameters.Add(new NpgsqlParameter<bool>("archive", job.Spec.Archive.Enabled));
        parameters.Add(new NpgsqlParameter<string>("archive_path", job.Spec.Archive.Path));
        parameters.Add(new NpgsqlParameter<string>("archive_system", job.Spec.Archive.SystemId));
        parameters.Add(new NpgsqlParameter<int>("node_count", job.Spec.Resources.NodeCount));
        parameters.Add(new NpgsqlParameter<int>("processors_per_node", job.Spec.Resources.ProcessorsPerNode));
        parameters.Add(new NpgsqlParameter<double>("memory_per_node", job.Spec.Resources.MemoryPerNodeGb));
        parameters.Add(new NpgsqlParameter<double>("max_hours", job.Spec.Resources.MaxHours));
        parameters.Add(new NpgsqlParameter<string>("inputs", job.Spec.Inputs));
        parameters.Add(new NpgsqlParameter<string>("parameters", job.Spec.Parameters));
        parameters.Add(Text("remote_job_id", job.RemoteJobId));
        parameters.Add(Text("scheduler_job_id", job.SchedulerJobId));
        parameters.Add(Text("remote_queue", job.Spec.Resources.RemoteQueue));
        parameters.Add(Time("remote_submitted", job.RemoteSubmitted));
        parameters.Add(Time("remote_started", job.RemoteStarted));
        parameters.Add(Time("remote_ended", job.RemoteEnded));
        parameters.Add(Text("remote_outcome", job.RemoteOutcome?.ToString()));
        parameters.Add(new NpgsqlParameter<int>("submit_retries", job.SubmitRetries));
        parameters.Add(new NpgsqlParameter<int>("remote_status_checks", job.RemoteStatusChecks));
        parameters.Add(new NpgsqlParameter<int>("failed_status_checks", job.FailedStatusChecks));
        parameters.Add(Time("last_status_check", job.LastStatusCheck));
        parameters.Add(new NpgsqlParameter<int>("blocked_count", job.BlockedCount));
        parameters.Add(new NpgsqlParameter<bool>("visible", job.Visible));
        parameters.Add(new NpgsqlParameter<string>("update_token", job.UpdateToken));
        parameters.Add(new NpgsqlParameter<int>("version", job.Version));
        parameters.Add(Text("suspended_from", job.SuspendedFrom?.ToString()));
        parameters.Add(new NpgsqlParameter<string>("notifications", job.Spec.Notifications));
        parameters.Add(Text("idempotency_key", job.IdempotencyKey));
        parameters.Add(Text("blocked_condition", job.BlockedCondition?.ToString()));
        parameters.Add(Time("last_status_answer", job.LastStatusAnswer));
        parameters.Add(new NpgsqlParameter<bool>("kill_pending", job.KillPending));
        parameters.Add(Text("blocked_target", job.BlockedTarget?.Text));
        parameters.Add(Time("paused_at", job.PausedAt));
        parameters.Add(new NpgsqlParameter<TimeSpan>("paused_for", job.PausedFor));
        parameters.Add(Text("resume_requested_by", job.ResumeRequestedBy));
    }

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value.HasValue ? value.Value.ToUniversalTime() : DBNull.Value };

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Varchar) { Value = (object?)value ?? DBNull.Value };
}
