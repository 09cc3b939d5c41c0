using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Quotas;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// The answer of <see cref="JobLifecycle.Decide"/>: the row to write (<see cref="Next"/>, null when nothing changes) with
/// its history event when the status changes, the commands to run, or the reason a user's request is refused.
/// </summary>
public sealed record LifecycleDecision
{
    public static LifecycleDecision Nothing { get; } = new();

    /// <summary>The job as it must be stored (status, message, fields); null: nothing to write.</summary>
    public JobRecord? Next { get; init; }

    /// <summary>
    /// The history event written with <see cref="Next"/>: a status change's, or an event of the job's own that is none
    /// (a pending kill done, hidden, unhidden); null for a change of fields only.
    /// </summary>
    public JobEventWrite? HistoryEvent { get; init; }

    public IReadOnlyList<JobCommand> Commands { get; init; } = [];

    /// <summary>
    /// The job limits <see cref="Next"/> must respect (the move to SUBMITTING of a job whose system or queue has any):
    /// the write is then an admission (<see cref="IQuotaStore.AdmitAsync"/>), counted across the cluster, that may be
    /// refused; a refusal writes nothing, runs none of <see cref="Commands"/> and comes back as <see cref="QuotaRefused"/>.
    /// Null: an ordinary write.
    /// </summary>
    public SubmissionLimits? QuotaLimits { get; init; }

    /// <summary>Why the request was refused (the job's state does not allow it); nothing is written or run.</summary>
    public string? Refusal { get; init; }

    /// <summary>The new status when the decision changes it.</summary>
    public JobStatus? NextStatus => HistoryEvent is null ? null : Next?.Status;

    public bool ChangesStatus => HistoryEvent is not null;

    public static LifecycleDecision Run(params JobCommand[] commands) => new() { Commands = commands };

    public static LifecycleDecision Refuse(string reason) => new() { Refusal = reason };
}
