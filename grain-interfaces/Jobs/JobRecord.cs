namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// One job as stored in <c>aloe_jobs</c>: its <see cref="Spec"/> (what was asked) and its lifecycle (status, times, the
/// remote job, counters), every field of the job object (docs/api.md, "The job object"), plus the bookkeeping the
/// service needs (optimistic <see cref="Version"/>, the state a suspended job returns to and the condition it waits on).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("aloe.JobRecord")]
public sealed record JobRecord
{
    [Id(0)] public long Id { get; init; }
    [Id(1)] public required Guid Uuid { get; init; }
    [Id(2)] public required JobSpec Spec { get; init; }
    [Id(3)] public required string TenantId { get; init; }
    [Id(4)] public required string TenantQueue { get; init; }
    [Id(5)] public JobStatus Status { get; init; } = JobStatus.ACCEPTED;
    [Id(6)] public string LastStatusMessage { get; init; } = "";
    [Id(7)] public DateTimeOffset Accepted { get; init; }
    [Id(8)] public DateTimeOffset? Created { get; init; }
    [Id(9)] public DateTimeOffset? Ended { get; init; }
    [Id(10)] public DateTimeOffset LastUpdated { get; init; }
    [Id(11)] public required string Owner { get; init; }
    [Id(12)] public string Roles { get; init; } = "";
    [Id(16)] public string? WorkPath { get; init; }
    [Id(26)] public string? RemoteJobId { get; init; }
    [Id(27)] public string? SchedulerJobId { get; init; }
    [Id(29)] public DateTimeOffset? RemoteSubmitted { get; init; }
    [Id(30)] public DateTimeOffset? RemoteStarted { get; init; }
    [Id(31)] public DateTimeOffset? RemoteEnded { get; init; }
    [Id(32)] public RemoteOutcome? RemoteOutcome { get; init; }
    [Id(33)] public int SubmitRetries { get; init; }
    [Id(34)] public int RemoteStatusChecks { get; init; }
    [Id(35)] public int FailedStatusChecks { get; init; }
    [Id(36)] public DateTimeOffset? LastStatusCheck { get; init; }
    [Id(37)] public int BlockedCount { get; init; }
    [Id(38)] public bool Visible { get; init; } = true;
    [Id(39)] public required string UpdateToken { get; init; }
    [Id(40)] public int Version { get; init; }
    [Id(41)] public JobStatus? SuspendedFrom { get; init; }
    [Id(43)] public string? IdempotencyKey { get; init; }

    /// <summary>What a BLOCKED job waits on (kept afterwards as the last condition it was blocked on).</summary>
    [Id(44)] public RecoveryCondition? BlockedCondition { get; init; }

    /// <summary>When a status check last got an answer: checks failing since longer than a limit block the job.</summary>
    [Id(45)] public DateTimeOffset? LastStatusAnswer { get; init; }

    /// <summary>
    /// The job ended (a cancel) but its remote work could not be killed yet, its host or scheduler being unreachable:
    /// the kill is tried again until it succeeds or <c>Aloe:Jobs:KillRetryFor</c> has passed (docs/lifecycle.md).
    /// </summary>
    [Id(46)] public bool KillPending { get; init; }

    /// <summary>
    /// What failed when the job was last blocked (a system's SSH host, a scheduler, an input's server), which its recovery
    /// group tests; null when the failure named nothing. Kept afterwards, like <see cref="BlockedCondition"/>.
    /// </summary>
    [Id(47)] public RecoveryTarget? BlockedTarget { get; init; }

    /// <summary>When the job entered PAUSED; null while it is not paused.</summary>
    [Id(48)] public DateTimeOffset? PausedAt { get; init; }

    /// <summary>
    /// Time spent PAUSED since the remote job was submitted or last started (pauses while QUEUED or RUNNING): the time
    /// limits of monitoring add it, so paused time never counts against the job's run time or queue time.
    /// </summary>
    [Id(49)] public TimeSpan PausedFor { get; init; }

    /// <summary>Who asked a PAUSED job to resume, while it waits to go back (for a worker slot); null otherwise.</summary>
    [Id(50)] public string? ResumeRequestedBy { get; init; }
}
