using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Jobs;
using AloeOrleans.Grains.Jobs.Lifecycle;
using AloeOrleans.Grains.Jobs.Phases;
using AloeOrleans.Grains.Recovery;
using Xunit;

namespace AloeOrleans.Tests.Units.Lifecycle;

/// <summary>
/// <see cref="JobPhases.AttemptOf"/>, driven by <see cref="JobLifecycle"/> as the job grain drives it: only the launch of
/// a job whose stored attempt count is 1 skips the look-up for an earlier launch; every way a launch can happen again (a
/// failed attempt, a lost answer after a crash, a block and its recovery, a write that was not carried out) reaches the
/// runner as a <see cref="LaunchAttempt.Retry"/> (docs/lifecycle.md, "What each phase does").
/// </summary>
public sealed class LaunchAttemptTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly JobLifecycle Lifecycle = new(new JobOptions(), new MonitoringOptions(), new RecoveryOptions());
    private static readonly LifecycleContext Idle = new(Now);

    private static JobRecord Job(JobStatus status, int submitRetries = 0) => new()
    {
        Uuid = Guid.Parse("6f1c5a8e-0000-4000-8000-000000000002"), TenantId = "dev", TenantQueue = "q1", Owner = "alice",
        Spec = new JobSpec
        {
            Name = "j", SystemId = "hpc", AppId = "noop-1.0", AppUuid = "u",
            Resources = new JobResourceRequest { MaxHours = 1 },
        },
        UpdateToken = "t", Status = status, Version = 7, LastUpdated = Now.AddMinutes(-1), WorkPath = "/work/job-1",
        SubmitRetries = submitRetries,
    };

    /// <summary>The job as stored by the decision that starts a launch, and the attempt that launch is; fails unless it starts one.</summary>
    private static (JobRecord Stored, LaunchAttempt Attempt) Launch(JobRecord job, LifecycleEvent happened, LifecycleContext? context = null)
    {
        var decision = Lifecycle.Decide(job, happened, context ?? Idle);
        Assert.Equal(JobWork.Launch, Assert.IsType<StartWork>(Assert.Single(decision.Commands.OfType<StartWork>())).Work);
        var stored = decision.Next! with { Version = job.Version + 1 };
        return (stored, JobPhases.AttemptOf(stored));
    }

    [Theory]
    [InlineData(0, LaunchAttempt.Retry)]
    [InlineData(1, LaunchAttempt.First)]
    [InlineData(2, LaunchAttempt.Retry)]
    [InlineData(3, LaunchAttempt.Retry)]
    public void Only_a_stored_count_of_one_is_a_first_attempt(int submitRetries, LaunchAttempt expected) =>
        Assert.Equal(expected, JobPhases.AttemptOf(Job(JobStatus.SUBMITTING, submitRetries)));

    [Fact]
    public void The_launch_after_staging_is_the_first_attempt()
    {
        var staged = Lifecycle.Decide(Job(JobStatus.STAGING_JOB), new JobStaged(), Idle);
        var submitting = staged.Next! with { Version = 8 };
        Assert.Equal(JobStatus.SUBMITTING, submitting.Status);

        var (_, attempt) = Launch(submitting, new ProgressRequested());

        Assert.Equal(LaunchAttempt.First, attempt);
    }

    [Fact]
    public void A_launch_after_a_failed_attempt_is_a_retry()
    {
        var (stored, first) = Launch(Job(JobStatus.SUBMITTING), new ProgressRequested());
        var failed = Lifecycle.Decide(stored, new PhaseFailed(JobStatus.SUBMITTING, JobFailure.Permanent("sbatch: error")), Idle);
        Assert.Null(failed.Next);

        var (_, second) = Launch(stored, new WakeUpDue());

        Assert.Equal(LaunchAttempt.First, first);
        Assert.Equal(LaunchAttempt.Retry, second);
    }

    [Fact]
    public void A_job_found_in_submitting_after_a_crash_launches_as_a_retry()
    {
        // The first attempt was counted and stored, then the silo died before the answer was written: the reminder or the
        // start-up resume finds the job as stored, still SUBMITTING.
        var (stored, _) = Launch(Job(JobStatus.SUBMITTING), new ProgressRequested());

        var (_, again) = Launch(stored, new ProgressRequested());

        Assert.Equal(LaunchAttempt.Retry, again);
    }

    [Fact]
    public void A_launch_whose_answer_could_not_be_written_is_tried_as_a_retry()
    {
        // sbatch answered, but the move to QUEUED was not written (the database was out): the grain wakes up later.
        var (stored, _) = Launch(Job(JobStatus.SUBMITTING), new ProgressRequested());
        var notWritten = Lifecycle.Decide(stored, new DecisionNotCarriedOut(new JobFailure(RecoveryCondition.DATABASE_NOT_AVAILABLE, "db down")), Idle);
        Assert.Null(notWritten.Next);

        var (_, again) = Launch(stored, new WakeUpDue());

        Assert.Equal(LaunchAttempt.Retry, again);
    }

    [Fact]
    public void A_launch_after_a_block_in_submitting_is_a_retry()
    {
        // The SSH connection dropped while sbatch ran: it may have submitted the job.
        var (stored, _) = Launch(Job(JobStatus.SUBMITTING), new ProgressRequested());
        var blocked = Lifecycle.Decide(stored,
            new PhaseFailed(JobStatus.SUBMITTING, JobFailure.Transient(RecoveryCondition.SSH_CONNECTION_FAILURE, "connection reset")), Idle);
        Assert.Equal(JobStatus.BLOCKED, blocked.Next!.Status);
        var resumed = Lifecycle.Decide(blocked.Next with { Version = stored.Version + 1 }, new RecoveryCleared(),
            Idle with { RecoveryCleared = true, SlotGranted = true });
        Assert.Equal(JobStatus.SUBMITTING, resumed.Next!.Status);

        var (_, again) = Launch(resumed.Next with { Version = stored.Version + 2 }, new ProgressRequested(), Idle with { SlotGranted = true });

        Assert.Equal(LaunchAttempt.Retry, again);
    }
}
