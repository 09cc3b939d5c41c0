using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Jobs;
using AloeOrleans.Grains.Jobs.Lifecycle;
using AloeOrleans.Grains.Quotas;
using AloeOrleans.Grains.Recovery;
using Xunit;

namespace AloeOrleans.Tests.Units.Lifecycle;

/// <summary>
/// The quota rules of <see cref="JobLifecycle"/>: the move to SUBMITTING carries the job limits it must respect, a
/// refusal blocks the job on QUOTA_EXCEEDED (never failing it, never counted as a failure), and a cleared job goes back to
/// STAGING_JOB through its tenant queue and is admitted again.
/// </summary>
public sealed class JobQuotaRulesTests
{
    private const string Refusal = "queue normal of system hpc allows 2 jobs per user (maxUserJobs); alice has 2 queued or running";

    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly RecoveryOptions Recovery = new();
    private static readonly JobLifecycle Lifecycle = new(new JobOptions(), new MonitoringOptions(), Recovery);
    private static readonly LifecycleContext Idle = new(Now);

    private static readonly SubmissionLimits TwoPerUser = new("hpc", "normal", 2, SubmissionLimits.Unlimited, SubmissionLimits.Unlimited,
        SubmissionLimits.Unlimited);

    private static JobRecord Job(JobStatus status, Func<JobRecord, JobRecord>? change = null)
    {
        var job = new JobRecord
        {
            Uuid = Guid.Parse("6f1c5a8e-0000-4000-8000-000000000003"), TenantId = "dev", TenantQueue = "q1", Owner = "alice",
            Spec = new JobSpec
            {
                Name = "j", SystemId = "hpc", AppId = "wc-1.0", AppUuid = "u",
                Resources = new JobResourceRequest { RemoteQueue = "normal", MaxHours = 1 },
            },
            UpdateToken = "t", Status = status, Version = 5, LastUpdated = Now.AddMinutes(-1), WorkPath = "/work/job-3",
        };
        return change is null ? job : change(job);
    }

    private static JobRecord BlockedOnQuota(Func<JobRecord, JobRecord>? change = null) =>
        Job(JobStatus.BLOCKED, j => (change ?? (x => x))(j with
        {
            SuspendedFrom = JobStatus.STAGING_JOB, BlockedCondition = RecoveryCondition.QUOTA_EXCEEDED, LastStatusMessage = $"blocked: QUOTA_EXCEEDED, {Refusal}",
        }));

    [Fact]
    public void The_move_to_submitting_carries_the_limits_its_write_must_respect()
    {
        var decision = Lifecycle.Decide(Job(JobStatus.STAGING_JOB), new JobStaged(TwoPerUser), Idle);

        Assert.Equal(JobStatus.SUBMITTING, decision.NextStatus);
        Assert.Equal(TwoPerUser, decision.QuotaLimits);
        Assert.Equal("Launching the job on hpc.", decision.Next!.LastStatusMessage);
        Assert.Empty(decision.Commands);
    }

    [Fact]
    public void A_job_without_limits_moves_to_submitting_with_an_ordinary_write()
    {
        var unlimited = new SubmissionLimits("hpc", "normal", SubmissionLimits.Unlimited, SubmissionLimits.Unlimited, SubmissionLimits.Unlimited,
            SubmissionLimits.Unlimited);

        Assert.Null(Lifecycle.Decide(Job(JobStatus.STAGING_JOB), new JobStaged(unlimited), Idle).QuotaLimits);
        Assert.Null(Lifecycle.Decide(Job(JobStatus.STAGING_JOB), new JobStaged(), Idle).QuotaLimits);
        Assert.Equal(JobStatus.SUBMITTING, Lifecycle.Decide(Job(JobStatus.STAGING_JOB), new JobStaged(unlimited), Idle).NextStatus);
    }

    [Fact]
    public void No_other_decision_carries_limits()
    {
        var decisions = new[]
        {
            Lifecycle.Decide(Job(JobStatus.STAGED), new ProgressRequested(), Idle),
            Lifecycle.Decide(Job(JobStatus.SUBMITTING), new ProgressRequested(), Idle),
            Lifecycle.Decide(Job(JobStatus.SUBMITTING), new Launched("77", Queued: true, "77"), Idle),
            Lifecycle.Decide(Job(JobStatus.STAGING_JOB), new CancelRequested("alice"), Idle),
        };

        Assert.All(decisions, decision => Assert.Null(decision.QuotaLimits));
    }

    [Fact]
    public void A_refused_admission_blocks_the_job_on_QUOTA_EXCEEDED_naming_the_limit()
    {
        var job = Job(JobStatus.STAGING_JOB, j => j with { BlockedCount = 2 });

        var decision = Lifecycle.Decide(job, new QuotaRefused(Refusal), Idle);

        Assert.Equal(JobStatus.BLOCKED, decision.NextStatus);
        Assert.Null(decision.QuotaLimits);
        Assert.Equal($"blocked: QUOTA_EXCEEDED, {Refusal}", decision.Next!.LastStatusMessage);
        Assert.Equal("BLOCKED", decision.HistoryEvent!.Event);
        Assert.Equal($"Transitioning from status STAGING_JOB to BLOCKED in phase SUBMITTING. blocked: QUOTA_EXCEEDED, {Refusal}",
            decision.HistoryEvent.Description);
        Assert.Equal((JobStatus.STAGING_JOB, RecoveryCondition.QUOTA_EXCEEDED), (decision.Next.SuspendedFrom, decision.Next.BlockedCondition));
        Assert.Equal([typeof(StopWork), typeof(ReleaseSlot), typeof(JoinRecovery)], decision.Commands.Select(command => command.GetType()));
        Assert.Equal(new JoinRecovery(RecoveryCondition.QUOTA_EXCEEDED, Refusal), decision.Commands.OfType<JoinRecovery>().Single());
        // The row it writes is the one the refused admission left: same version, nothing of SUBMITTING in it.
        Assert.Equal(job.Version, decision.Next.Version);
        Assert.Equal(job.SubmitRetries, decision.Next.SubmitRetries);
    }

    [Fact]
    public void Waiting_for_a_slot_is_no_failure_it_neither_counts_as_a_block_nor_fails_a_job_blocked_often()
    {
        var often = Job(JobStatus.STAGING_JOB, j => j with { BlockedCount = Recovery.MaxBlocksPerJob });

        var decision = Lifecycle.Decide(often, new QuotaRefused(Refusal), Idle);

        Assert.Equal(JobStatus.BLOCKED, decision.NextStatus);
        Assert.Equal(Recovery.MaxBlocksPerJob, decision.Next!.BlockedCount);

        // Refused again and again (a busy queue), the job keeps its whole allowance of blocks for real failures.
        var job = Job(JobStatus.STAGING_JOB);
        for (var round = 0; round < Recovery.MaxBlocksPerJob + 5; round++)
        {
            job = Lifecycle.Decide(job, new QuotaRefused(Refusal), Idle).Next! with { Status = JobStatus.STAGING_JOB, SuspendedFrom = null };
        }

        Assert.Equal(0, job.BlockedCount);
        var failure = Lifecycle.Decide(job, new PhaseFailed(JobStatus.STAGING_JOB, JobFailure.Transient(RecoveryCondition.SSH_CONNECTION_FAILURE, "refused")), Idle);
        Assert.Equal((JobStatus.BLOCKED, 1), (failure.NextStatus, failure.Next!.BlockedCount));
    }

    [Theory]
    [InlineData(JobStatus.STAGED)]
    [InlineData(JobStatus.SUBMITTING)]
    [InlineData(JobStatus.QUEUED)]
    [InlineData(JobStatus.BLOCKED)]
    [InlineData(JobStatus.PAUSED)]
    [InlineData(JobStatus.STOPPED)]
    [InlineData(JobStatus.FAILED)]
    public void A_refusal_for_a_job_no_longer_staging_changes_nothing(JobStatus status)
    {
        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Job(status), new QuotaRefused(Refusal), Idle));
    }

    [Fact]
    public void A_cleared_quota_wait_first_takes_a_worker_slot_then_goes_back_to_staging_the_job()
    {
        var job = BlockedOnQuota();

        var waiting = Lifecycle.Decide(job, new RecoveryCleared(), Idle with { RecoveryCleared = true });
        Assert.Null(waiting.Next);
        Assert.Equal([typeof(RequestSlot), typeof(WakeUpIn)], waiting.Commands.Select(command => command.GetType()));

        var resumed = Lifecycle.Decide(job, new ProgressRequested(), Idle with { RecoveryCleared = true, SlotGranted = true });
        Assert.Equal(JobStatus.STAGING_JOB, resumed.NextStatus);
        Assert.Equal("unblocked: QUOTA_EXCEEDED cleared; back to STAGING_JOB.", resumed.Next!.LastStatusMessage);
        Assert.Equal("Transitioning from status BLOCKED to STAGING_JOB in phase BLOCKED. unblocked: QUOTA_EXCEEDED cleared; back to STAGING_JOB.",
            resumed.HistoryEvent!.Description);
        Assert.Null(resumed.Next.SuspendedFrom);
        Assert.IsType<LeaveRecovery>(Assert.Single(resumed.Commands));
        Assert.Equal(new StartWork(JobWork.StageJob),
            Assert.Single(Lifecycle.Decide(resumed.Next, new ProgressRequested(), Idle with { SlotGranted = true }).Commands));
    }

    [Fact]
    public void A_released_job_is_admitted_again_with_the_limits_of_its_new_staging_and_may_block_again()
    {
        var staging = Lifecycle.Decide(BlockedOnQuota(), new ProgressRequested(), Idle with { RecoveryCleared = true, SlotGranted = true }).Next!;
        var raised = TwoPerUser with { MaxQueueUserJobs = 3 };

        var admitted = Lifecycle.Decide(staging, new JobStaged(raised), Idle with { SlotGranted = true });
        Assert.Equal((JobStatus.SUBMITTING, raised), (admitted.NextStatus, admitted.QuotaLimits));

        var again = Lifecycle.Decide(staging, new QuotaRefused(Refusal), Idle with { SlotGranted = true });
        Assert.Equal((JobStatus.BLOCKED, JobStatus.STAGING_JOB), (again.NextStatus, again.Next!.SuspendedFrom));
    }

    [Fact]
    public void A_job_waiting_for_a_slot_fails_when_its_policy_gives_up_naming_the_limit()
    {
        var decision = Lifecycle.Decide(BlockedOnQuota(), new RecoveryGaveUp(RecoveryCondition.QUOTA_EXCEEDED, TimeSpan.FromDays(7), 40320, Refusal), Idle);

        Assert.Equal(JobStatus.FAILED, decision.NextStatus);
        Assert.Equal($"QUOTA_EXCEEDED did not clear within 168 h (40320 test(s); last: {Refusal}). " +
                     $"The job was blocked in STAGING_JOB: blocked: QUOTA_EXCEEDED, {Refusal}", decision.Next!.LastStatusMessage);
    }

    [Fact]
    public void A_job_waiting_for_a_slot_is_cancelled_at_once_and_leaves_its_group()
    {
        var decision = Lifecycle.Decide(BlockedOnQuota(), new CancelRequested("alice"), Idle);

        Assert.Equal(JobStatus.STOPPED, decision.NextStatus);
        Assert.Empty(decision.Commands.OfType<KillRemoteJob>());
        Assert.Contains(decision.Commands, command => command is LeaveRecovery);
    }
}
