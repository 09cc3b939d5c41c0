using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Jobs;
using AloeOrleans.Grains.Jobs.Lifecycle;
using AloeOrleans.Grains.Recovery;
using Xunit;

namespace AloeOrleans.Tests.Units.Lifecycle;

/// <summary>
/// Every rule of <see cref="JobLifecycle"/>: what each status needs, what each result of work does in the status it was
/// for (and nothing in any other), failures, status answers, time limits, clean-up outcomes and cancel, in every status.
/// </summary>
public sealed class JobLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly JobOptions JobOptions = new();
    private static readonly MonitoringOptions Monitoring = new();
    private static readonly RecoveryOptions Recovery = new();
    private static readonly JobLifecycle Lifecycle = new(JobOptions, Monitoring, Recovery);
    private static readonly LifecycleContext Idle = new(Now);

    private static readonly JobStatus[] NonTerminal =
        Enum.GetValues<JobStatus>().Where(status => !JobTransitions.IsTerminal(status)).ToArray();

    public static TheoryData<JobStatus> EveryStatus() => [.. Enum.GetValues<JobStatus>()];

    public static TheoryData<JobStatus> NonTerminalStatuses() => [.. NonTerminal];

    public static TheoryData<JobStatus> TerminalStatuses() => [JobStatus.FINISHED, JobStatus.STOPPED, JobStatus.FAILED];

    private static JobRecord Job(JobStatus status, Func<JobRecord, JobRecord>? change = null)
    {
        var job = new JobRecord
        {
            Uuid = Guid.Parse("6f1c5a8e-0000-4000-8000-000000000001"), TenantId = "dev", TenantQueue = "q1", Owner = "alice",
            Spec = new JobSpec
            {
                Name = "j", SystemId = "local", AppId = "wc-1.0", AppUuid = "u",
                Archive = new JobArchiveRequest { Enabled = true, SystemId = "store", Path = "alice/out" },
                Resources = new JobResourceRequest { MaxHours = 1 },
            },
            UpdateToken = "t", Status = status, Version = 7, LastUpdated = Now.AddMinutes(-1),
        };
        if (status is JobStatus.SUBMITTING or JobStatus.QUEUED or JobStatus.RUNNING or JobStatus.CLEANING_UP or JobStatus.ARCHIVING)
        {
            job = job with { WorkPath = "/work/job-1" };
        }

        if (status is JobStatus.QUEUED or JobStatus.RUNNING or JobStatus.CLEANING_UP or JobStatus.ARCHIVING)
        {
            job = job with { RemoteJobId = "4242", RemoteSubmitted = Now.AddMinutes(-5) };
        }

        if (status is JobStatus.RUNNING or JobStatus.CLEANING_UP or JobStatus.ARCHIVING)
        {
            job = job with { RemoteStarted = Now.AddMinutes(-4) };
        }

        if (status is JobStatus.BLOCKED or JobStatus.PAUSED)
        {
            job = job with { SuspendedFrom = JobStatus.STAGING_INPUTS, WorkPath = "/work/job-1", BlockedCount = 1 };
        }

        if (status is JobStatus.BLOCKED)
        {
            job = job with { BlockedCondition = RecoveryCondition.TRANSMISSION_FAILURE, LastStatusMessage = "blocked: TRANSMISSION_FAILURE, reset" };
        }

        return change is null ? job : change(job);
    }

    /// <summary>One result of work for each status that has work, as the work would report it.</summary>
    private static WorkEnded ResultFor(JobStatus status) => status switch
    {
        JobStatus.PROCESSING_INPUTS => new WorkDirChosen("local", "/work/job-1", "alice/out", HasInputs: true),
        JobStatus.STAGING_INPUTS => new InputsStaged(),
        JobStatus.STAGING_JOB => new JobStaged(),
        JobStatus.SUBMITTING => new Launched("4242", Queued: false),
        JobStatus.CLEANING_UP => new CleanedUp(new RemoteJobStatus(RemoteJobState.Completed, 0), ArchiveOnAppError: true),
        JobStatus.ARCHIVING => new Archived(2),
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    private static readonly JobStatus[] StatusesWithWork =
    [
        JobStatus.PROCESSING_INPUTS, JobStatus.STAGING_INPUTS, JobStatus.STAGING_JOB, JobStatus.SUBMITTING, JobStatus.CLEANING_UP, JobStatus.ARCHIVING,
    ];

    private static WorkEnded[] FailuresAndAnswers(JobStatus during) =>
    [
        new PhaseFailed(during, JobFailure.Permanent("broken")),
        new StatusAnswered(during, new RemoteJobStatus(RemoteJobState.Completed, 0)),
        new StatusUnanswered(during, JobFailure.Transient(RecoveryCondition.SSH_CONNECTION_FAILURE, "down")),
    ];

    private static void AssertTransition(LifecycleDecision decision, JobRecord before, JobStatus to, string? messagePart = null)
    {
        Assert.Equal(to, decision.NextStatus);
        Assert.True(JobTransitions.IsLegal(before.Status, to, before.SuspendedFrom), $"{before.Status} → {to} is not legal.");
        Assert.Equal(Now, decision.Next!.LastUpdated);
        Assert.Equal(to.ToString(), decision.HistoryEvent!.Event);
        Assert.StartsWith($"Transitioning from status {before.Status} to {to} in phase {TransitionEffects.PhaseOf(before.Status)}. ",
            decision.HistoryEvent.Description, StringComparison.Ordinal);
        Assert.EndsWith(decision.Next.LastStatusMessage, decision.HistoryEvent.Description, StringComparison.Ordinal);
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, decision.Next.LastStatusMessage, StringComparison.Ordinal);
        }
    }

    private static T Single<T>(LifecycleDecision decision) where T : JobCommand => Assert.Single(decision.Commands.OfType<T>());

    // ---- What each status needs when asked to go on -------------------------------------------------------------

    [Fact]
    public void Accepted_becomes_pending_with_created_set_after_the_reminder_is_made_sure_of()
    {
        var job = Job(JobStatus.ACCEPTED);

        var decision = Lifecycle.Decide(job, new ProgressRequested(), Idle);

        AssertTransition(decision, job, JobStatus.PENDING, "waits for a worker of tenant queue q1");
        Assert.Equal(Now, decision.Next!.Created);
        Assert.True(Single<EnsureReminder>(decision).RunsBeforeWrite);
    }

    [Fact]
    public void Pending_without_a_slot_asks_its_queue_for_one_and_writes_nothing()
    {
        var decision = Lifecycle.Decide(Job(JobStatus.PENDING), new ProgressRequested(), Idle);

        Assert.Null(decision.Next);
        Assert.Equal([typeof(EnsureReminder), typeof(RequestSlot)], decision.Commands.Select(command => command.GetType()));
    }

    [Fact]
    public void Pending_with_a_slot_starts_processing_inputs()
    {
        var job = Job(JobStatus.PENDING);

        var decision = Lifecycle.Decide(job, new ProgressRequested(), Idle with { SlotGranted = true });

        AssertTransition(decision, job, JobStatus.PROCESSING_INPUTS, "A worker of tenant queue q1 took the job.");
        Assert.Empty(decision.Commands);
    }

    [Theory]
    [InlineData(JobStatus.PROCESSING_INPUTS, JobWork.ProcessInputs)]
    [InlineData(JobStatus.STAGING_INPUTS, JobWork.StageInputs)]
    [InlineData(JobStatus.STAGING_JOB, JobWork.StageJob)]
    [InlineData(JobStatus.CLEANING_UP, JobWork.CleanUp)]
    [InlineData(JobStatus.ARCHIVING, JobWork.Archive)]
    public void A_status_with_work_starts_it_and_writes_nothing(JobStatus status, JobWork work)
    {
        var decision = Lifecycle.Decide(Job(status), new ProgressRequested(), Idle);

        Assert.Null(decision.Next);
        Assert.Equal(work, Assert.IsType<StartWork>(Assert.Single(decision.Commands)).Work);
    }

    [Fact]
    public void Staged_moves_on_to_staging_job_without_work()
    {
        var job = Job(JobStatus.STAGED);

        AssertTransition(Lifecycle.Decide(job, new ProgressRequested(), Idle), job, JobStatus.STAGING_JOB);
    }

    [Fact]
    public void Submitting_counts_the_attempt_in_the_same_decision_that_starts_the_launch()
    {
        var job = Job(JobStatus.SUBMITTING, j => j with { SubmitRetries = 1 });

        var decision = Lifecycle.Decide(job, new ProgressRequested(), Idle);

        Assert.False(decision.ChangesStatus);
        Assert.Equal(2, decision.Next!.SubmitRetries);
        Assert.Equal(JobStatus.SUBMITTING, decision.Next.Status);
        Assert.Equal(JobWork.Launch, Assert.IsType<StartWork>(Assert.Single(decision.Commands)).Work);
    }

    [Theory]
    [InlineData(JobStatus.QUEUED)]
    [InlineData(JobStatus.RUNNING)]
    public void A_watched_job_plans_its_next_check_on_the_tick_and_checks_when_the_wake_up_is_due(JobStatus status)
    {
        var job = Job(status, j => j with { LastStatusCheck = Now.AddSeconds(-0.5), RemoteStatusChecks = 0 });

        var planned = Lifecycle.Decide(job, new ProgressRequested(), Idle);
        var due = Lifecycle.Decide(job, new WakeUpDue(), Idle with { WakeUpPlanned = true });

        Assert.Null(planned.Next);
        Assert.Equal(Lifecycle.NextCheckDelay(job, Now), Single<WakeUpIn>(planned).Delay);
        Assert.InRange(Single<WakeUpIn>(planned).Delay, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Equal(JobWork.CheckStatus, Single<StartWork>(due).Work);
    }

    [Fact]
    public void A_check_that_fell_due_while_the_service_was_down_is_due_at_once()
    {
        var job = Job(JobStatus.RUNNING, j => j with { LastStatusCheck = Now.AddHours(-2), RemoteStatusChecks = 3 });

        Assert.Equal(TimeSpan.Zero, Lifecycle.NextCheckDelay(job, Now));
    }

    [Theory]
    [MemberData(nameof(NonTerminalStatuses))]
    public void Nothing_happens_while_work_is_in_flight(JobStatus status)
    {
        var context = Idle with { WorkInFlight = true, SlotGranted = true };

        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Job(status), new ProgressRequested(), context));
        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Job(status), new WakeUpDue(), context));
    }

    [Theory]
    [MemberData(nameof(NonTerminalStatuses))]
    public void A_planned_wake_up_stands_against_requests_to_go_on(JobStatus status)
    {
        // A PAUSED job gives a granted slot back whatever is planned (JobPauseRulesTests).
        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Job(status), new ProgressRequested(),
            Idle with { WakeUpPlanned = true, SlotGranted = status != JobStatus.PAUSED }));
    }

    [Fact]
    public void A_paused_job_does_not_go_on_by_itself()
    {
        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Job(JobStatus.PAUSED), new ProgressRequested(), Idle));
        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Job(JobStatus.PAUSED), new WakeUpDue(), Idle));
        Assert.IsType<ReleaseSlot>(Assert.Single(Lifecycle.Decide(Job(JobStatus.PAUSED), new ProgressRequested(), Idle with { SlotGranted = true }).Commands));
    }

    [Fact]
    public void A_blocked_job_only_makes_sure_it_waits_in_its_recovery_group()
    {
        foreach (var happened in new LifecycleEvent[] { new ProgressRequested(), new WakeUpDue() })
        {
            var decision = Lifecycle.Decide(Job(JobStatus.BLOCKED), happened, Idle with { SlotGranted = true });

            Assert.Null(decision.Next);
            var join = Assert.IsType<JoinRecovery>(Assert.Single(decision.Commands));
            Assert.Equal(RecoveryCondition.TRANSMISSION_FAILURE, join.Condition);
        }
    }

    [Theory]
    [MemberData(nameof(TerminalStatuses))]
    public void A_terminal_job_asked_to_go_on_only_drops_its_reminder(JobStatus status)
    {
        var decision = Lifecycle.Decide(Job(status), new ProgressRequested(), Idle);

        Assert.Null(decision.Next);
        Assert.IsType<StopReminder>(Assert.Single(decision.Commands));
        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Job(status), new WakeUpDue(), Idle));
    }

    // ---- Results of work ---------------------------------------------------------------------------------------

    [Fact]
    public void Every_result_of_work_is_ignored_in_any_status_but_the_one_it_was_for()
    {
        foreach (var status in NonTerminal)
        {
            foreach (var during in StatusesWithWork.Where(during => during != status))
            {
                Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Job(status), ResultFor(during), Idle));
            }

            foreach (var during in NonTerminal.Where(during => during != status))
            {
                foreach (var result in FailuresAndAnswers(during))
                {
                    Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Job(status), result, Idle));
                }
            }
        }
    }

    [Theory]
    [InlineData(true, JobStatus.STAGING_INPUTS, "staging inputs")]
    [InlineData(false, JobStatus.STAGED, "has no inputs")]
    public void The_chosen_work_dir_is_stored_and_leads_to_staging_or_past_it(bool hasInputs, JobStatus next, string message)
    {
        var job = Job(JobStatus.PROCESSING_INPUTS);

        var decision = Lifecycle.Decide(job, new WorkDirChosen("hpc", "/scratch/job-1", "alice/archive/job-1", hasInputs), Idle);

        AssertTransition(decision, job, next, message);
        Assert.Equal(("hpc", "/scratch/job-1", "alice/archive/job-1"), (decision.Next!.Spec.SystemId, decision.Next.WorkPath, decision.Next.Spec.Archive.Path));
    }

    [Fact]
    public void Staged_inputs_and_a_staged_job_move_on()
    {
        var staging = Job(JobStatus.STAGING_INPUTS);
        var stagingJob = Job(JobStatus.STAGING_JOB);

        AssertTransition(Lifecycle.Decide(staging, new InputsStaged(), Idle), staging, JobStatus.STAGED, "All inputs are in the work dir.");
        AssertTransition(Lifecycle.Decide(stagingJob, new JobStaged(), Idle), stagingJob, JobStatus.SUBMITTING, "Launching the job on local.");
    }

    [Theory]
    [InlineData(false, JobStatus.RUNNING, "launched on local as 4242")]
    [InlineData(true, JobStatus.QUEUED, "submitted to the scheduler of local as 4242")]
    public void A_launch_records_the_remote_id_and_the_submission_time(bool queued, JobStatus next, string message)
    {
        var job = Job(JobStatus.SUBMITTING);

        var decision = Lifecycle.Decide(job, new Launched("4242", queued, queued ? "4242" : null), Idle);

        AssertTransition(decision, job, next, message);
        Assert.Equal("4242", decision.Next!.RemoteJobId);
        Assert.Equal(queued ? "4242" : null, decision.Next.SchedulerJobId);
        Assert.Equal(Now, decision.Next.RemoteSubmitted);
        Assert.Equal(queued ? null : Now, decision.Next.RemoteStarted);
    }

    [Theory]
    [MemberData(nameof(TerminalStatuses))]
    public void A_launch_that_ends_after_the_job_ended_is_killed(JobStatus status)
    {
        var decision = Lifecycle.Decide(Job(status), new Launched("777", Queued: true), Idle);

        Assert.Null(decision.Next);
        var kill = Single<KillRemoteJob>(decision);
        Assert.Equal("777", kill.RemoteJobId);
    }

    [Theory]
    [MemberData(nameof(TerminalStatuses))]
    public void Other_results_reaching_a_terminal_job_change_nothing(JobStatus status)
    {
        foreach (var during in StatusesWithWork.Where(during => during != JobStatus.SUBMITTING))
        {
            Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Job(status), ResultFor(during), Idle));
        }

        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Job(status), new StatusAnswered(JobStatus.RUNNING, new RemoteJobStatus(RemoteJobState.Completed, 0)), Idle));
        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Job(status), new PhaseFailed(JobStatus.RUNNING, JobFailure.Permanent("x")), Idle));
    }

    // ---- Failures ----------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(NonTerminalStatuses))]
    public void A_database_outage_is_waited_out_in_every_status_without_a_write(JobStatus status)
    {
        if (status is JobStatus.BLOCKED or JobStatus.PAUSED)
        {
            // No work runs there, so no result of work is taken.
            Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Job(status),
                new PhaseFailed(status, JobFailure.Transient(RecoveryCondition.DATABASE_NOT_AVAILABLE, "db down")), Idle));
            return;
        }

        var decision = Lifecycle.Decide(Job(status, j => j with { SubmitRetries = 99 }),
            new PhaseFailed(status, JobFailure.Transient(RecoveryCondition.DATABASE_NOT_AVAILABLE, "db down")), Idle);

        Assert.Null(decision.Next);
        Assert.Equal(JobOptions.RetryAfterDatabaseError, Single<WakeUpIn>(decision).Delay);
    }

    [Theory]
    [InlineData(JobStatus.PROCESSING_INPUTS)]
    [InlineData(JobStatus.STAGING_INPUTS)]
    [InlineData(JobStatus.STAGING_JOB)]
    [InlineData(JobStatus.CLEANING_UP)]
    [InlineData(JobStatus.ARCHIVING)]
    public void A_failed_phase_fails_the_job_with_the_failure_message_and_frees_its_slot(JobStatus status)
    {
        var job = Job(status);

        var decision = Lifecycle.Decide(job, new PhaseFailed(status, JobFailure.Permanent("Input inputFile could not be staged: 404.")), Idle);

        AssertTransition(decision, job, JobStatus.FAILED, "Input inputFile could not be staged: 404.");
        Assert.Equal(Now, decision.Next!.Ended);
        Assert.Equal([typeof(StopWork), typeof(ReleaseSlot), typeof(StopReminder)], decision.Commands.Select(command => command.GetType()));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    public void A_failed_launch_is_tried_again_with_a_growing_pause_below_the_maximum(int attempts, int seconds)
    {
        var decision = Lifecycle.Decide(Job(JobStatus.SUBMITTING, j => j with { SubmitRetries = attempts }),
            new PhaseFailed(JobStatus.SUBMITTING, JobFailure.Permanent("sbatch: error")), Idle);

        Assert.Null(decision.Next);
        Assert.Equal(TimeSpan.FromSeconds(seconds), Single<WakeUpIn>(decision).Delay);
    }

    [Fact]
    public void A_failed_launch_at_the_maximum_fails_the_job()
    {
        var job = Job(JobStatus.SUBMITTING, j => j with { SubmitRetries = JobOptions.MaxSubmitAttempts });

        var decision = Lifecycle.Decide(job, new PhaseFailed(JobStatus.SUBMITTING, JobFailure.Permanent("The job wrapper did not record its pid within 30 s.")), Idle);

        AssertTransition(decision, job, JobStatus.FAILED, "did not record its pid");
    }

    [Fact]
    public void Submit_retries_stop_at_the_maximum_when_every_launch_times_out()
    {
        // The grain's loop, driven by the decider alone: count and launch, the launch times out (a pid that never
        // appeared: a TimeoutException, not a database outage), wake up, again.
        var failure = JobFailureClassifier.Classify(new TimeoutException("The job wrapper did not record its pid within 30 s."));
        var job = Job(JobStatus.SUBMITTING);
        for (var round = 0; round < 50 && job.Status == JobStatus.SUBMITTING; round++)
        {
            var launch = Lifecycle.Decide(job, new WakeUpDue(), Idle);
            Assert.Equal(JobWork.Launch, Single<StartWork>(launch).Work);
            job = launch.Next! with { Version = job.Version + 1 };

            var failed = Lifecycle.Decide(job, new PhaseFailed(JobStatus.SUBMITTING, failure), Idle);
            job = failed.Next ?? job;
        }

        Assert.Equal(JobStatus.FAILED, job.Status);
        Assert.Equal(JobOptions.MaxSubmitAttempts, job.SubmitRetries);
    }

    [Theory]
    [MemberData(nameof(NonTerminalStatuses))]
    public void A_decision_not_carried_out_is_tried_again_later(JobStatus status)
    {
        var decision = Lifecycle.Decide(Job(status), new DecisionNotCarriedOut(JobFailure.Permanent("queue grain unavailable")), Idle);

        Assert.Null(decision.Next);
        Assert.Equal(JobOptions.RetryAfterDatabaseError, Single<WakeUpIn>(decision).Delay);
    }

    // ---- Status answers ----------------------------------------------------------------------------------------

    public static TheoryData<JobStatus, RemoteJobState, int?, RemoteOutcome> EndedAnswers()
    {
        var data = new TheoryData<JobStatus, RemoteJobState, int?, RemoteOutcome>();
        foreach (var status in new[] { JobStatus.QUEUED, JobStatus.RUNNING })
        {
            data.Add(status, RemoteJobState.Completed, 0, RemoteOutcome.FINISHED);
            data.Add(status, RemoteJobState.Completed, 3, RemoteOutcome.FAILED);
            data.Add(status, RemoteJobState.Failed, null, RemoteOutcome.FAILED);
            data.Add(status, RemoteJobState.Vanished, null, RemoteOutcome.FAILED_SKIP_ARCHIVE);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EndedAnswers))]
    public void An_ended_remote_job_goes_to_clean_up_with_its_outcome_fixed_in_the_same_write(
        JobStatus status, RemoteJobState state, int? exitCode, RemoteOutcome outcome)
    {
        var job = Job(status);

        var decision = Lifecycle.Decide(job, new StatusAnswered(status, new RemoteJobStatus(state, exitCode, "The remote job said so.")), Idle);

        AssertTransition(decision, job, JobStatus.CLEANING_UP, "The remote job said so.");
        Assert.Equal(outcome, decision.Next!.RemoteOutcome);
        Assert.Equal(Now, decision.Next.RemoteEnded);
        Assert.Equal((1, Now), (decision.Next.RemoteStatusChecks, decision.Next.LastStatusCheck));
    }

    [Fact]
    public void The_scheduler_starting_a_queued_job_makes_it_running()
    {
        var job = Job(JobStatus.QUEUED);

        var decision = Lifecycle.Decide(job, new StatusAnswered(JobStatus.QUEUED, new RemoteJobStatus(RemoteJobState.Running)), Idle);

        AssertTransition(decision, job, JobStatus.RUNNING, "The scheduler started the job.");
        Assert.Equal(Now, decision.Next!.RemoteStarted);
        Assert.Equal(1, decision.Next.RemoteStatusChecks);
    }

    [Fact]
    public void A_job_the_scheduler_requeued_is_followed_and_its_next_start_restarts_its_run_time()
    {
        var running = Job(JobStatus.RUNNING, j => j with { RemoteStarted = Now.AddMinutes(-30) });

        var requeue = Lifecycle.Decide(running, new StatusAnswered(JobStatus.RUNNING,
            new RemoteJobStatus(RemoteJobState.Queued, null, "Slurm job 4242 is PENDING (BeginTime).")), Idle);

        AssertTransition(requeue, running, JobStatus.QUEUED, "The scheduler requeued the job: Slurm job 4242 is PENDING (BeginTime).");
        var queued = requeue.Next! with { Version = running.Version + 1 };
        var restart = Lifecycle.Decide(queued, new StatusAnswered(JobStatus.QUEUED, new RemoteJobStatus(RemoteJobState.Running)), Idle);
        AssertTransition(restart, queued, JobStatus.RUNNING);
        Assert.Equal(Now, restart.Next!.RemoteStarted);
        Assert.Equal("4242", restart.Next.RemoteJobId);
    }

    [Theory]
    [InlineData(JobStatus.QUEUED, RemoteJobState.Queued)]
    [InlineData(JobStatus.RUNNING, RemoteJobState.Running)]
    [InlineData(JobStatus.RUNNING, RemoteJobState.Unknown)]
    public void An_answer_that_changes_nothing_is_counted_and_the_next_check_planned(JobStatus status, RemoteJobState state)
    {
        var job = Job(status, j => j with { RemoteStatusChecks = 4 });

        var decision = Lifecycle.Decide(job, new StatusAnswered(status, new RemoteJobStatus(state)), Idle);

        Assert.False(decision.ChangesStatus);
        Assert.Equal((status, 5, 0, Now), (decision.Next!.Status, decision.Next.RemoteStatusChecks, decision.Next.FailedStatusChecks, decision.Next.LastStatusCheck));
        Assert.Equal(Lifecycle.NextCheckDelay(decision.Next, Now), Single<WakeUpIn>(decision).Delay);
    }

    [Fact]
    public void A_job_unknown_to_the_scheduler_beyond_the_grace_is_lost()
    {
        var job = Job(JobStatus.RUNNING, j => j with { RemoteSubmitted = Now - Monitoring.UnknownJobGrace - TimeSpan.FromSeconds(1) });

        var decision = Lifecycle.Decide(job, new StatusAnswered(JobStatus.RUNNING, new RemoteJobStatus(RemoteJobState.Unknown, null, "Slurm lists no job 4242.")), Idle);

        AssertTransition(decision, job, JobStatus.CLEANING_UP, "taken as lost");
        Assert.Contains("Slurm lists no job 4242.", decision.Next!.LastStatusMessage, StringComparison.Ordinal);
        Assert.Equal(RemoteOutcome.FAILED_SKIP_ARCHIVE, decision.Next.RemoteOutcome);
    }

    [Theory]
    [InlineData(JobStatus.QUEUED)]
    [InlineData(JobStatus.RUNNING)]
    public void An_unanswered_check_is_counted_as_failed_and_the_next_one_planned(JobStatus status)
    {
        var job = Job(status, j => j with { FailedStatusChecks = 2 });

        var decision = Lifecycle.Decide(job, new StatusUnanswered(status, JobFailure.Transient(RecoveryCondition.SSH_CONNECTION_FAILURE, "down")), Idle);

        Assert.False(decision.ChangesStatus);
        Assert.Equal((3, 0, Now), (decision.Next!.FailedStatusChecks, decision.Next.RemoteStatusChecks, decision.Next.LastStatusCheck));
        Assert.IsType<WakeUpIn>(Assert.Single(decision.Commands));
    }

    public static TheoryData<JobStatus, bool> TimeLimitCases() => new()
    {
        { JobStatus.QUEUED, true },
        { JobStatus.QUEUED, false },
        { JobStatus.RUNNING, true },
        { JobStatus.RUNNING, false },
    };

    [Theory]
    [MemberData(nameof(TimeLimitCases))]
    public void A_job_past_its_time_limit_is_killed_first_and_fails_without_archiving(JobStatus status, bool answered)
    {
        var job = status == JobStatus.QUEUED
            ? Job(status, j => j with { RemoteSubmitted = Now - Monitoring.MaxQueuedTime - TimeSpan.FromSeconds(1) })
            : Job(status, j => j with { RemoteStarted = Now - TimeSpan.FromHours(1) - Monitoring.RunTimeGrace - TimeSpan.FromSeconds(1) });
        WorkEnded check = answered
            ? new StatusAnswered(status, new RemoteJobStatus(status == JobStatus.QUEUED ? RemoteJobState.Queued : RemoteJobState.Running))
            : new StatusUnanswered(status, JobFailure.Transient(RecoveryCondition.SSH_CONNECTION_TIMEOUT, "slow"));

        var decision = Lifecycle.Decide(job, check, Idle);

        AssertTransition(decision, job, JobStatus.FAILED, status == JobStatus.QUEUED ? "waited in the remote queue longer than" : "ran longer than its maxHours (1 h) plus 10 min");
        Assert.Equal(RemoteOutcome.FAILED_SKIP_ARCHIVE, decision.Next!.RemoteOutcome);
        Assert.Equal(Now, decision.Next.RemoteEnded);
        var kill = decision.Commands[0];
        Assert.True(kill.RunsBeforeWrite);
        Assert.Equal("4242", Assert.IsType<KillRemoteJob>(kill).RemoteJobId);
        Assert.Contains(decision.Commands, command => command is ReleaseSlot);
    }

    [Fact]
    public void A_job_just_inside_its_time_limits_is_left_alone()
    {
        var queued = Job(JobStatus.QUEUED, j => j with { RemoteSubmitted = Now - Monitoring.MaxQueuedTime + TimeSpan.FromSeconds(1), LastStatusAnswer = Now });
        var running = Job(JobStatus.RUNNING, j => j with
        {
            RemoteStarted = Now - TimeSpan.FromHours(1) - Monitoring.RunTimeGrace + TimeSpan.FromSeconds(1), LastStatusAnswer = Now,
        });
        var unlimited = Job(JobStatus.RUNNING, j => j with { Spec = j.Spec with { Resources = j.Spec.Resources with { MaxHours = 0 } }, RemoteStarted = Now.AddDays(-30), LastStatusAnswer = Now });

        foreach (var job in new[] { queued, running, unlimited })
        {
            Assert.False(Lifecycle.Decide(job, new StatusUnanswered(job.Status, JobFailure.Permanent("x")), Idle).ChangesStatus);
        }
    }

    // ---- Clean-up and archiving --------------------------------------------------------------------------------

    [Theory]
    [InlineData(RemoteOutcome.FINISHED, true, true, RemoteOutcome.FINISHED, JobStatus.ARCHIVING)]
    [InlineData(RemoteOutcome.FINISHED, false, true, RemoteOutcome.FINISHED, JobStatus.FINISHED)]
    [InlineData(RemoteOutcome.FAILED, true, true, RemoteOutcome.FAILED, JobStatus.ARCHIVING)]
    [InlineData(RemoteOutcome.FAILED, true, false, RemoteOutcome.FAILED_SKIP_ARCHIVE, JobStatus.FAILED)]
    [InlineData(RemoteOutcome.FAILED, false, true, RemoteOutcome.FAILED, JobStatus.FAILED)]
    [InlineData(RemoteOutcome.FAILED_SKIP_ARCHIVE, true, true, RemoteOutcome.FAILED_SKIP_ARCHIVE, JobStatus.FAILED)]
    public void The_outcome_monitoring_fixed_stands_with_its_message(
        RemoteOutcome fixedOutcome, bool archive, bool archiveOnAppError, RemoteOutcome outcome, JobStatus next)
    {
        var job = Job(JobStatus.CLEANING_UP, j => j with { RemoteOutcome = fixedOutcome, Spec = j.Spec with { Archive = j.Spec.Archive with { Enabled = archive } }, LastStatusMessage = "Slurm: TIMEOUT" });

        var decision = Lifecycle.Decide(job, new CleanedUp(null, archiveOnAppError), Idle);

        AssertTransition(decision, job, next);
        Assert.Equal("Slurm: TIMEOUT", decision.Next!.LastStatusMessage);
        Assert.Equal(outcome, decision.Next.RemoteOutcome);
    }

    public static TheoryData<RemoteJobStatus?, RemoteOutcome, string> FinalStatuses() => new()
    {
        { new RemoteJobStatus(RemoteJobState.Completed, 0), RemoteOutcome.FINISHED, "The app finished with exit code 0." },
        { new RemoteJobStatus(RemoteJobState.Completed, 2, "exit 2"), RemoteOutcome.FAILED, "exit 2" },
        { new RemoteJobStatus(RemoteJobState.Failed), RemoteOutcome.FAILED, "The app failed." },
        { new RemoteJobStatus(RemoteJobState.Vanished), RemoteOutcome.FAILED_SKIP_ARCHIVE, "without recording an exit code" },
        { new RemoteJobStatus(RemoteJobState.Running), RemoteOutcome.FAILED_SKIP_ARCHIVE, "without recording an exit code" },
        { null, RemoteOutcome.FAILED_SKIP_ARCHIVE, "without recording an exit code" },
    };

    [Theory]
    [MemberData(nameof(FinalStatuses))]
    public void Without_a_fixed_outcome_the_final_status_decides(RemoteJobStatus? final, RemoteOutcome outcome, string message)
    {
        var job = Job(JobStatus.CLEANING_UP, j => j with { Spec = j.Spec with { Archive = j.Spec.Archive with { Enabled = false } } });

        var decision = Lifecycle.Decide(job, new CleanedUp(final, ArchiveOnAppError: true), Idle);

        AssertTransition(decision, job, outcome == RemoteOutcome.FINISHED ? JobStatus.FINISHED : JobStatus.FAILED, message);
        Assert.Equal(outcome, decision.Next!.RemoteOutcome);
    }

    [Theory]
    [InlineData(RemoteOutcome.FINISHED, JobStatus.FINISHED)]
    [InlineData(RemoteOutcome.FAILED, JobStatus.FAILED)]
    public void Archiving_ends_as_the_outcome_says(RemoteOutcome outcome, JobStatus next)
    {
        var job = Job(JobStatus.ARCHIVING, j => j with { RemoteOutcome = outcome });

        var decision = Lifecycle.Decide(job, new Archived(3), Idle);

        AssertTransition(decision, job, next, "Archived 3 output file(s) to store:alice/out.");
        Assert.Contains(decision.Commands, command => command is ReleaseSlot);
    }

    [Fact]
    public void The_outcome_of_every_remote_state_is_defined()
    {
        var outcomes = Enum.GetValues<RemoteJobState>().ToDictionary(state => state, state => JobLifecycle.OutcomeOf(new RemoteJobStatus(state, 0)));

        Assert.Equal(RemoteOutcome.FINISHED, outcomes[RemoteJobState.Completed]);
        Assert.Equal(RemoteOutcome.FAILED, outcomes[RemoteJobState.Failed]);
        Assert.All(new[] { RemoteJobState.Queued, RemoteJobState.Running, RemoteJobState.Unknown, RemoteJobState.Vanished },
            state => Assert.Equal(RemoteOutcome.FAILED_SKIP_ARCHIVE, outcomes[state]));
    }

    // ---- Cancel ------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void Cancel_in_every_status(JobStatus status)
    {
        var job = Job(status);

        var decision = Lifecycle.Decide(job, new CancelRequested("bob"), Idle);

        if (status == JobStatus.ACCEPTED || JobTransitions.IsTerminal(status))
        {
            Assert.Null(decision.Next);
            Assert.Empty(decision.Commands);
            Assert.Contains(status.ToString(), decision.Refusal, StringComparison.Ordinal);
            return;
        }

        Assert.Null(decision.Refusal);
        AssertTransition(decision, job, JobStatus.STOPPED, "Job cancelled by bob.");
        Assert.Equal("bob", decision.HistoryEvent!.CreatedBy);
        Assert.Equal(Now, decision.Next!.Ended);
        var launched = status is JobStatus.SUBMITTING or JobStatus.QUEUED or JobStatus.RUNNING;
        Assert.Equal(launched, decision.Commands.OfType<KillRemoteJob>().Any());
        Assert.Equal(launched ? Now : null, decision.Next.RemoteEnded);
        if (launched)
        {
            Assert.True(decision.Commands[0].RunsBeforeWrite);
        }

        Assert.Contains(decision.Commands, command => command is StopWork);
        Assert.Contains(decision.Commands, command => command is ReleaseSlot);
        Assert.Contains(decision.Commands, command => command is StopReminder);
    }

    [Theory]
    [InlineData(JobStatus.BLOCKED, JobStatus.RUNNING, true)]
    [InlineData(JobStatus.PAUSED, JobStatus.QUEUED, true)]
    [InlineData(JobStatus.BLOCKED, JobStatus.SUBMITTING, true)]
    [InlineData(JobStatus.BLOCKED, JobStatus.STAGING_JOB, false)]
    [InlineData(JobStatus.PAUSED, JobStatus.PENDING, false)]
    public void Cancel_of_a_suspended_job_kills_what_it_launched_before(JobStatus status, JobStatus suspendedFrom, bool kill)
    {
        var job = Job(status, j => j with { SuspendedFrom = suspendedFrom, RemoteJobId = kill ? "99" : null });

        var decision = Lifecycle.Decide(job, new CancelRequested("alice"), Idle);

        Assert.Equal(JobStatus.STOPPED, decision.NextStatus);
        Assert.Equal(kill ? "99" : null, decision.Commands.OfType<KillRemoteJob>().SingleOrDefault()?.RemoteJobId);
    }

    [Fact]
    public void Cancel_during_a_launch_kills_whatever_the_launch_left_behind()
    {
        // SUBMITTING with no remote id yet: the runner looks for the job by its name.
        var decision = Lifecycle.Decide(Job(JobStatus.SUBMITTING), new CancelRequested("alice"), Idle with { WorkInFlight = true });

        Assert.Null(Assert.IsType<KillRemoteJob>(decision.Commands[0]).RemoteJobId);
    }

    // ---- The table -------------------------------------------------------------------------------------------

    [Fact]
    public void No_event_in_any_status_asks_for_an_illegal_move()
    {
        LifecycleEvent[] events =
        [
            new ProgressRequested(), new WakeUpDue(), new CancelRequested("u"), new DecisionNotCarriedOut(JobFailure.Permanent("x")),
            new RecoveryCleared(), new RecoveryGaveUp(RecoveryCondition.SSH_CONNECTION_FAILURE, TimeSpan.FromHours(48), 500, "refused"),
            .. StatusesWithWork.Select(ResultFor),
            .. NonTerminal.SelectMany(status => new LifecycleEvent[]
            {
                new PhaseFailed(status, JobFailure.Permanent("x")),
                new PhaseFailed(status, JobFailure.Transient(RecoveryCondition.TRANSMISSION_FAILURE, "x")),
                new StatusUnanswered(status, JobFailure.Permanent("x")),
            }),
            .. Enum.GetValues<RemoteJobState>().SelectMany(state => new[] { JobStatus.QUEUED, JobStatus.RUNNING }
                .Select(status => new StatusAnswered(status, new RemoteJobStatus(state, 0)))),
        ];
        foreach (var status in Enum.GetValues<JobStatus>())
        {
            foreach (var (slot, cleared) in new[] { (false, false), (true, false), (false, true), (true, true) })
            {
                foreach (var happened in events)
                {
                    var job = Job(status);
                    var decision = Lifecycle.Decide(job, happened, Idle with { SlotGranted = slot, RecoveryCleared = cleared });
                    if (decision.NextStatus is { } next)
                    {
                        Assert.True(JobTransitions.IsLegal(status, next, job.SuspendedFrom), $"{happened} in {status} → {next}");
                    }
                }
            }
        }
    }
}
