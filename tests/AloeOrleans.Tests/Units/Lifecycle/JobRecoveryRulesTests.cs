using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Jobs;
using AloeOrleans.Grains.Jobs.Lifecycle;
using AloeOrleans.Grains.Recovery;
using Xunit;

namespace AloeOrleans.Tests.Units.Lifecycle;

/// <summary>The recovery rules of <see cref="JobLifecycle"/>: what blocks a job, how it waits, resumes, gives up or is cancelled.</summary>
public sealed class JobRecoveryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly RecoveryOptions Recovery = new();
    private static readonly JobLifecycle Lifecycle = new(new JobOptions(), new MonitoringOptions(), Recovery);
    private static readonly LifecycleContext Idle = new(Now);

    private static readonly JobStatus[] Phases =
    [
        JobStatus.PROCESSING_INPUTS, JobStatus.STAGING_INPUTS, JobStatus.STAGING_JOB, JobStatus.SUBMITTING, JobStatus.CLEANING_UP, JobStatus.ARCHIVING,
    ];

    public static TheoryData<JobStatus, RecoveryCondition> PhasesAndConditions()
    {
        var data = new TheoryData<JobStatus, RecoveryCondition>();
        foreach (var phase in Phases)
        {
            foreach (var condition in Enum.GetValues<RecoveryCondition>().Where(c => c != RecoveryCondition.DATABASE_NOT_AVAILABLE))
            {
                data.Add(phase, condition);
            }
        }

        return data;
    }

    private static JobRecord Job(JobStatus status, Func<JobRecord, JobRecord>? change = null)
    {
        var job = new JobRecord
        {
            Uuid = Guid.Parse("6f1c5a8e-0000-4000-8000-000000000002"), TenantId = "dev", TenantQueue = "q1", Owner = "alice",
            Spec = new JobSpec { Name = "j", SystemId = "hpc", AppId = "wc-1.0", AppUuid = "u", Resources = new JobResourceRequest { MaxHours = 1 } },
            UpdateToken = "t", Status = status, Version = 3, LastUpdated = Now.AddMinutes(-1), WorkPath = "/work/job-2",
        };
        if (status is JobStatus.QUEUED or JobStatus.RUNNING)
        {
            job = job with { RemoteJobId = "77", RemoteSubmitted = Now.AddHours(-3), RemoteStarted = Now.AddMinutes(-30), Spec = job.Spec with { Resources = new JobResourceRequest { MaxHours = 10 } } };
        }

        return change is null ? job : change(job);
    }

    private static JobRecord Blocked(JobStatus from, RecoveryCondition condition = RecoveryCondition.SSH_CONNECTION_FAILURE) =>
        Job(JobStatus.BLOCKED, j => j with
        {
            SuspendedFrom = from, BlockedCondition = condition, BlockedCount = 1, LastStatusMessage = $"blocked: {condition}, refused",
            RemoteSubmitted = from is JobStatus.QUEUED or JobStatus.RUNNING ? Now.AddHours(-3) : null,
            RemoteStarted = from == JobStatus.RUNNING ? Now.AddMinutes(-30) : null,
        });

    [Theory]
    [MemberData(nameof(PhasesAndConditions))]
    public void A_transient_failure_in_any_phase_blocks_the_job_on_its_condition(JobStatus phase, RecoveryCondition condition)
    {
        var job = Job(phase, j => j with { BlockedCount = 2 });

        var decision = Lifecycle.Decide(job, new PhaseFailed(phase, JobFailure.Transient(condition, "Connection refused (127.0.0.1:22)")), Idle);

        Assert.Equal(JobStatus.BLOCKED, decision.NextStatus);
        Assert.Equal($"blocked: {condition}, Connection refused (127.0.0.1:22)", decision.Next!.LastStatusMessage);
        Assert.Contains($"blocked: {condition}, Connection refused", decision.HistoryEvent!.Description, StringComparison.Ordinal);
        Assert.Equal((phase, condition, 3), (decision.Next.SuspendedFrom, decision.Next.BlockedCondition, decision.Next.BlockedCount));
        Assert.Null(decision.Next.Ended);
        Assert.Equal([typeof(StopWork), typeof(ReleaseSlot), typeof(JoinRecovery)], decision.Commands.Select(command => command.GetType()));
        Assert.Equal(condition, decision.Commands.OfType<JoinRecovery>().Single().Condition);
    }

    [Fact]
    public void A_job_blocked_too_often_fails_at_its_next_transient_failure()
    {
        var job = Job(JobStatus.STAGING_INPUTS, j => j with { BlockedCount = Recovery.MaxBlocksPerJob });

        var decision = Lifecycle.Decide(job, new PhaseFailed(JobStatus.STAGING_INPUTS,
            JobFailure.Transient(RecoveryCondition.TRANSMISSION_FAILURE, "reset by peer")), Idle);

        Assert.Equal(JobStatus.FAILED, decision.NextStatus);
        Assert.Equal($"reset by peer (the job was blocked {Recovery.MaxBlocksPerJob} times already)", decision.Next!.LastStatusMessage);
    }

    [Fact]
    public void A_transient_launch_failure_blocks_at_once_and_a_permanent_one_is_retried()
    {
        var job = Job(JobStatus.SUBMITTING, j => j with { SubmitRetries = 1 });

        Assert.Equal(JobStatus.BLOCKED, Lifecycle.Decide(job, new PhaseFailed(JobStatus.SUBMITTING,
            JobFailure.Transient(RecoveryCondition.SSH_CONNECTION_TIMEOUT, "slow")), Idle).NextStatus);
        Assert.IsType<WakeUpIn>(Assert.Single(Lifecycle.Decide(job, new PhaseFailed(JobStatus.SUBMITTING, JobFailure.Permanent("sbatch: error")), Idle).Commands));
    }

    [Fact]
    public void An_answered_check_records_when_it_was_answered()
    {
        var decision = Lifecycle.Decide(Job(JobStatus.RUNNING), new StatusAnswered(JobStatus.RUNNING, new RemoteJobStatus(RemoteJobState.Running)), Idle);

        Assert.Equal(Now, decision.Next!.LastStatusAnswer);
    }

    [Theory]
    [InlineData(JobStatus.QUEUED, RecoveryCondition.SSH_CONNECTION_FAILURE, RecoveryCondition.SSH_CONNECTION_FAILURE)]
    [InlineData(JobStatus.RUNNING, null, RecoveryCondition.SERVICE_CONNECTION_FAILURE)]
    public void Status_checks_unanswered_for_longer_than_the_limit_block_the_job(JobStatus status, RecoveryCondition? failed, RecoveryCondition blockedOn)
    {
        var job = Job(status, j => j with { LastStatusAnswer = Now - Recovery.StatusCheckFailureLimit - TimeSpan.FromSeconds(1), FailedStatusChecks = 40 });

        var decision = Lifecycle.Decide(job, new StatusUnanswered(status, new JobFailure(failed, "squeue: slurm_load_jobs error")), Idle);

        Assert.Equal(JobStatus.BLOCKED, decision.NextStatus);
        Assert.Equal((blockedOn, status, 41), (decision.Next!.BlockedCondition, decision.Next.SuspendedFrom, decision.Next.FailedStatusChecks));
        Assert.Contains("no status check was answered for more than 1 h: squeue: slurm_load_jobs error", decision.Next.LastStatusMessage, StringComparison.Ordinal);
        Assert.Empty(decision.Commands.OfType<KillRemoteJob>());
        Assert.Contains(decision.Commands, command => command is JoinRecovery);
    }

    [Fact]
    public void Status_checks_failing_within_the_limit_are_only_counted()
    {
        var job = Job(JobStatus.RUNNING, j => j with { LastStatusAnswer = Now - Recovery.StatusCheckFailureLimit + TimeSpan.FromSeconds(1) });

        var decision = Lifecycle.Decide(job, new StatusUnanswered(JobStatus.RUNNING, JobFailure.Transient(RecoveryCondition.SSH_CONNECTION_FAILURE, "x")), Idle);

        Assert.False(decision.ChangesStatus);
        Assert.Equal(1, decision.Next!.FailedStatusChecks);
    }

    [Fact]
    public void Without_any_answer_the_limit_counts_from_the_launch()
    {
        var job = Job(JobStatus.QUEUED, j => j with { RemoteSubmitted = Now - Recovery.StatusCheckFailureLimit - TimeSpan.FromSeconds(1) });

        Assert.Equal(JobStatus.BLOCKED,
            Lifecycle.Decide(job, new StatusUnanswered(JobStatus.QUEUED, JobFailure.Permanent("x")), Idle).NextStatus);
    }

    [Theory]
    [InlineData(JobStatus.STAGING_INPUTS)]
    [InlineData(JobStatus.SUBMITTING)]
    [InlineData(JobStatus.RUNNING)]
    [InlineData(JobStatus.ARCHIVING)]
    public void A_cleared_job_from_active_processing_first_asks_its_queue_for_a_slot_again(JobStatus from)
    {
        var decision = Lifecycle.Decide(Blocked(from), new RecoveryCleared(), Idle with { RecoveryCleared = true });

        Assert.Null(decision.Next);
        Assert.Equal([typeof(RequestSlot), typeof(WakeUpIn)], decision.Commands.Select(command => command.GetType()));
        Assert.Equal(Recovery.ResumeSlotRequestInterval, decision.Commands.OfType<WakeUpIn>().Single().Delay);
    }

    [Theory]
    [InlineData(JobStatus.STAGING_INPUTS)]
    [InlineData(JobStatus.RUNNING)]
    public void A_cleared_job_with_its_slot_goes_back_where_it_stopped_and_leaves_its_group(JobStatus from)
    {
        var job = Blocked(from);
        var context = Idle with { RecoveryCleared = true, SlotGranted = true, WakeUpPlanned = true };

        var decision = Lifecycle.Decide(job, new ProgressRequested(), context);

        Assert.Equal(from, decision.NextStatus);
        Assert.Equal($"unblocked: SSH_CONNECTION_FAILURE cleared; back to {from}.", decision.Next!.LastStatusMessage);
        Assert.Null(decision.Next.SuspendedFrom);
        Assert.Equal(1, decision.Next.BlockedCount);
        Assert.Equal(job.RemoteStarted, decision.Next.RemoteStarted);
        // The wake-up planned to ask for the slot again would hold the job back until it fired.
        Assert.Equal([typeof(CancelWakeUp), typeof(LeaveRecovery)], decision.Commands.Select(command => command.GetType()));
    }

    [Fact]
    public void A_cleared_job_blocked_while_pending_goes_back_to_pending_without_a_slot()
    {
        var decision = Lifecycle.Decide(Blocked(JobStatus.PENDING), new RecoveryCleared(), Idle with { RecoveryCleared = true });

        Assert.Equal(JobStatus.PENDING, decision.NextStatus);
        Assert.IsType<LeaveRecovery>(Assert.Single(decision.Commands));
    }

    [Theory]
    [InlineData(JobStatus.RUNNING)]
    [InlineData(JobStatus.STOPPED)]
    [InlineData(JobStatus.FAILED)]
    public void A_clearance_for_a_job_no_longer_blocked_only_takes_it_out_of_its_group(JobStatus status)
    {
        var decision = Lifecycle.Decide(Job(status, j => j with { BlockedCondition = RecoveryCondition.SSH_CONNECTION_FAILURE }), new RecoveryCleared(),
            Idle with { RecoveryCleared = true });

        Assert.Null(decision.Next);
        Assert.Equal(JobTransitions.IsTerminal(status) ? [] : [typeof(LeaveRecovery)], decision.Commands.Select(command => command.GetType()));
    }

    [Fact]
    public void When_the_policy_gives_up_the_job_fails_naming_the_condition_and_the_time_spent()
    {
        var job = Blocked(JobStatus.STAGING_INPUTS, RecoveryCondition.SSH_AUTHENTICATION_FAILED);

        var decision = Lifecycle.Decide(job, new RecoveryGaveUp(RecoveryCondition.SSH_AUTHENTICATION_FAILED, TimeSpan.FromHours(48), 612, "permission denied"), Idle);

        Assert.Equal(JobStatus.FAILED, decision.NextStatus);
        Assert.StartsWith("SSH_AUTHENTICATION_FAILED did not clear within 48 h (612 test(s); last: permission denied). The job was blocked in STAGING_INPUTS",
            decision.Next!.LastStatusMessage, StringComparison.Ordinal);
        Assert.Equal(Now, decision.Next.Ended);
        Assert.Contains(decision.Commands, command => command is StopReminder);
        Assert.DoesNotContain(decision.Commands, command => command is KillRemoteJob);
        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Job(JobStatus.RUNNING), new RecoveryGaveUp(RecoveryCondition.SSH_CONNECTION_FAILURE, TimeSpan.Zero, 1, ""), Idle));
    }

    [Theory]
    [InlineData(JobStatus.STAGING_INPUTS, false)]
    [InlineData(JobStatus.RUNNING, true)]
    public void Cancel_of_a_blocked_job_stops_it_kills_what_it_launched_and_takes_it_out_of_its_group(JobStatus from, bool kill)
    {
        var decision = Lifecycle.Decide(Blocked(from) with { RemoteJobId = kill ? "77" : null }, new CancelRequested("alice"), Idle);

        Assert.Equal(JobStatus.STOPPED, decision.NextStatus);
        Assert.Equal(kill, decision.Commands.OfType<KillRemoteJob>().Any());
        Assert.IsType<LeaveRecovery>(decision.Commands[^1]);
    }

    [Fact]
    public void Results_of_work_reaching_a_blocked_job_change_nothing()
    {
        var job = Blocked(JobStatus.STAGING_INPUTS);

        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(job, new InputsStaged(), Idle));
        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(job, new PhaseFailed(JobStatus.BLOCKED, JobFailure.Permanent("x")), Idle));
    }

    [Theory]
    [InlineData(JobStatus.QUEUED)]
    [InlineData(JobStatus.RUNNING)]
    public void When_the_policy_gives_up_on_a_job_blocked_in_the_scheduler_its_remote_job_is_killed_first(JobStatus from)
    {
        var job = Blocked(from) with { RemoteJobId = "77" };

        var decision = Lifecycle.Decide(job, new RecoveryGaveUp(RecoveryCondition.SSH_CONNECTION_FAILURE, TimeSpan.FromHours(48), 40, "refused"), Idle);

        Assert.Equal(JobStatus.FAILED, decision.NextStatus);
        Assert.Equal("77", Assert.IsType<KillRemoteJob>(decision.Commands[0]).RemoteJobId);
        Assert.Equal(RemoteOutcome.FAILED_SKIP_ARCHIVE, decision.Next!.RemoteOutcome);
        Assert.Equal(Now, decision.Next.RemoteEnded);
    }

    // ---- A kill a cancel left pending --------------------------------------------------------------------------

    private static JobRecord StoppedWithPendingKill(TimeSpan since) =>
        Job(JobStatus.STOPPED, j => j with { RemoteJobId = "77", KillPending = true, Ended = Now - since, LastUpdated = Now - since });

    [Fact]
    public void A_pending_kill_is_tried_again_at_the_reminders_tick_and_then_the_reminder_goes()
    {
        var job = StoppedWithPendingKill(TimeSpan.FromMinutes(5));

        var decision = Lifecycle.Decide(job, new ProgressRequested(), Idle);

        Assert.False(decision.Next!.KillPending);
        Assert.Equal(JobStatus.STOPPED, decision.Next.Status);
        Assert.Contains("was killed", decision.HistoryEvent!.Description, StringComparison.Ordinal);
        Assert.Equal([typeof(KillRemoteJob), typeof(StopReminder)], decision.Commands.Select(command => command.GetType()));
        var kill = Assert.IsType<KillRemoteJob>(decision.Commands[0]);
        Assert.True(kill.Retry);
        Assert.True(kill.RunsBeforeWrite);
        Assert.Equal("77", kill.RemoteJobId);
    }

    [Fact]
    public void A_pending_kill_is_given_up_after_the_retry_time_saying_the_work_may_still_run()
    {
        var options = new JobOptions();
        var job = StoppedWithPendingKill(options.KillRetryFor + TimeSpan.FromSeconds(1));

        var decision = Lifecycle.Decide(job, new ProgressRequested(), Idle);

        Assert.False(decision.Next!.KillPending);
        Assert.Contains("may still be running", decision.HistoryEvent!.Description, StringComparison.Ordinal);
        Assert.IsType<StopReminder>(Assert.Single(decision.Commands));
    }

    [Fact]
    public void Only_the_reminders_tick_tries_a_pending_kill()
    {
        var job = StoppedWithPendingKill(TimeSpan.FromMinutes(5));

        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(job, new WakeUpDue(), Idle));
        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(job, new RecoveryCleared(), Idle));
        Assert.StartsWith($"Job {job.Uuid} is STOPPED", Lifecycle.Decide(job, new CancelRequested("alice"), Idle).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_keeps_what_failed_so_the_job_joins_the_group_that_tests_it_and_finds_it_again_at_every_look()
    {
        var storage = RecoveryTarget.SshStorage("inputs-sftp");
        var job = Job(JobStatus.STAGING_INPUTS, j => j with { BlockedTarget = RecoveryTarget.InputServer("http://old.example.org:80") });

        var blocked = Lifecycle.Decide(job, new PhaseFailed(JobStatus.STAGING_INPUTS,
            JobFailure.Transient(RecoveryCondition.SSH_CONNECTION_FAILURE, "could not connect", storage)), Idle);

        Assert.Equal(storage, blocked.Next!.BlockedTarget);
        Assert.Equal(storage, blocked.Commands.OfType<JoinRecovery>().Single().Target);
        var look = Lifecycle.Decide(blocked.Next with { Version = 4 }, new ProgressRequested(), Idle);
        Assert.Equal(new JoinRecovery(RecoveryCondition.SSH_CONNECTION_FAILURE, blocked.Next.LastStatusMessage, storage), look.Commands.Single());
    }

    [Fact]
    public void A_failure_that_names_nothing_clears_the_target_of_an_earlier_block()
    {
        var job = Job(JobStatus.ARCHIVING, j => j with { BlockedCount = 1, BlockedTarget = RecoveryTarget.Scheduler("hpc") });

        var blocked = Lifecycle.Decide(job, new PhaseFailed(JobStatus.ARCHIVING, JobFailure.Transient(RecoveryCondition.TRANSMISSION_FAILURE, "reset")), Idle);

        Assert.Null(blocked.Next!.BlockedTarget);
        Assert.Null(blocked.Commands.OfType<JoinRecovery>().Single().Target);
    }

    [Theory]
    [InlineData(null, RecoveryCondition.SERVICE_CONNECTION_FAILURE, "Scheduler hpc")]
    [InlineData(RecoveryCondition.SERVICE_CONNECTION_FAILURE, RecoveryCondition.SERVICE_CONNECTION_FAILURE, "Scheduler hpc")]
    [InlineData(RecoveryCondition.SSH_CONNECTION_FAILURE, RecoveryCondition.SSH_CONNECTION_FAILURE, null)]
    public void Unanswered_status_checks_that_name_nothing_wait_on_the_execution_systems_scheduler_unless_ssh_failed(
        RecoveryCondition? failed, RecoveryCondition blockedOn, string? target)
    {
        var job = Job(JobStatus.QUEUED, j => j with { LastStatusAnswer = Now - Recovery.StatusCheckFailureLimit - TimeSpan.FromSeconds(1) });

        var decision = Lifecycle.Decide(job, new StatusUnanswered(JobStatus.QUEUED, new JobFailure(failed, "squeue failed")), Idle);

        Assert.Equal((blockedOn, target), (decision.Next!.BlockedCondition, decision.Next.BlockedTarget?.Text));
    }

    [Fact]
    public void Unanswered_status_checks_keep_the_host_their_failure_names()
    {
        var job = Job(JobStatus.RUNNING, j => j with { LastStatusAnswer = Now - Recovery.StatusCheckFailureLimit - TimeSpan.FromSeconds(1) });
        var login = RecoveryTarget.SshLogin("hpc");

        var decision = Lifecycle.Decide(job, new StatusUnanswered(JobStatus.RUNNING,
            JobFailure.Transient(RecoveryCondition.SSH_CONNECTION_TIMEOUT, "timed out", login)), Idle);

        Assert.Equal(login, decision.Next!.BlockedTarget);
    }
}
