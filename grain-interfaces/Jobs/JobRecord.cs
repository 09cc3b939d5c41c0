namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// One job as stored in <c>aloe_jobs</c>: every field of the job object (docs/api.md, "The job object"), plus the bookkeeping the service
/// needs (optimistic <see cref="Version"/>, the state a suspended job returns to and the condition it waits on, notifications).
/// <see cref="Inputs"/>, <see cref="Parameters"/> and <see cref="Notifications"/> hold JSON text.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("aloe.JobRecord")]
public sealed record JobRecord
{
    [Id(0)] public long Id { get; init; }
    [Id(1)] public required Guid Uuid { get; init; }
    [Id(2)] public required string Name { get; init; }
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
    [Id(13)] public required string SystemId { get; init; }
    [Id(14)] public required string AppId { get; init; }
    [Id(15)] public required string AppUuid { get; init; }
    [Id(16)] public string? WorkPath { get; init; }
    [Id(17)] public bool Archive { get; init; }
    [Id(18)] public string ArchivePath { get; init; } = "";
    [Id(19)] public string ArchiveSystem { get; init; } = "";
    [Id(20)] public int NodeCount { get; init; } = 1;
    [Id(21)] public int ProcessorsPerNode { get; init; } = 1;
    [Id(22)] public double MemoryPerNode { get; init; }
    [Id(23)] public double MaxHours { get; init; }
    [Id(24)] public string Inputs { get; init; } = "{}";
    [Id(25)] public string Parameters { get; init; } = "{}";
    [Id(26)] public string? RemoteJobId { get; init; }
    [Id(27)] public string? SchedulerJobId { get; init; }
    [Id(28)] public string? RemoteQueue { get; init; }
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
    [Id(42)] public string Notifications { get; init; } = "[]";
    [Id(43)] public string? IdempotencyKey { get; init; }

    /// <summary>What a BLOCKED job waits on (kept afterwards as the last condition it was blocked on).</summary>
    [Id(44)] public RecoveryCondition? BlockedCondition { get; init; }

    /// <summary>When a status check last got an answer: checks failing since longer than a limit block the job.</summary>
    [Id(45)] public DateTimeOffset? LastStatusAnswer { get; init; }

    /// <summary>When the job entered PAUSED; null while it is not paused.</summary>
    [Id(46)] public DateTimeOffset? PausedAt { get; init; }

    /// <summary>
    /// Time spent PAUSED since the remote job was submitted or last started (pauses while QUEUED or RUNNING): the time
    /// limits of monitoring add it, so paused time never counts against the job's run time or queue time.
    /// </summary>
    [Id(47)] public TimeSpan PausedFor { get; init; }

    /// <summary>Who asked a PAUSED job to resume, while it waits to go back (for a worker slot); null otherwise.</summary>
    [Id(48)] public string? ResumeRequestedBy { get; init; }
}
