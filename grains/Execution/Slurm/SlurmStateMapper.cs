namespace AloeOrleans.Grains.Execution.Slurm;

/// <summary>
/// Slurm's job states in Aloe's terms (docs/lifecycle.md, "The outcome"): waiting states → Queued, running ones →
/// Running, COMPLETED → Completed with its exit code, every unsuccessful end → Failed with the reason.
/// Unknown states count as running: the job is not declared ended on a word this table does not know.
/// </summary>
public static class SlurmStateMapper
{
    private static readonly HashSet<string> Waiting = new(StringComparer.Ordinal)
    {
        "PENDING", "CONFIGURING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD", "SUSPENDED", "STOPPED",
    };

    private static readonly HashSet<string> Running = new(StringComparer.Ordinal)
    {
        "RUNNING", "COMPLETING", "RESIZING", "SIGNALING", "STAGE_OUT",
    };

    private static readonly HashSet<string> Unsuccessful = new(StringComparer.Ordinal)
    {
        "FAILED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "CANCELLED", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "REVOKED", "SPECIAL_EXIT",
    };

    public static RemoteJobStatus Map(SlurmJobReport report)
    {
        if (Waiting.Contains(report.State))
        {
            return new RemoteJobStatus(RemoteJobState.Queued, null,
                report.Reason is null ? $"Slurm job {report.JobId} is {report.State}." : $"Slurm job {report.JobId} is {report.State} ({report.Reason}).");
        }

        if (report.State == "COMPLETED")
        {
            return new RemoteJobStatus(RemoteJobState.Completed, report.ExitCode ?? 0, $"Slurm job {report.JobId} COMPLETED with exit code {report.ExitCode ?? 0}.");
        }

        if (Unsuccessful.Contains(report.State))
        {
            var exit = report.ExitCode is { } code ? $", exit code {code}" + (report.Signal is > 0 ? $", signal {report.Signal}" : "") : "";
            return new RemoteJobStatus(RemoteJobState.Failed, report.ExitCode,
                $"Slurm job {report.JobId} ended {Ending(report)}{exit}.");
        }

        return new RemoteJobStatus(RemoteJobState.Running, null,
            Running.Contains(report.State) ? null : $"Slurm job {report.JobId} is in state {report.State}, taken as still running.");
    }

    /// <summary>
    /// The state always, then the reason when it adds something: squeue gives a bare reason ("NonZeroExitCode") for
    /// what sacct calls FAILED, and the message must name the state whichever of the two answered first.
    /// </summary>
    private static string Ending(SlurmJobReport report) =>
        report.Reason is null || report.Reason == report.State ? report.State
        : report.Reason.StartsWith(report.State, StringComparison.Ordinal) ? report.Reason
        : $"{report.State} ({report.Reason})";
}
