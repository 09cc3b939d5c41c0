using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Jobs;
using AloeOrleans.Grains.Jobs.Lifecycle;
using AloeOrleans.Grains.Recovery;
using Xunit;

namespace AloeOrleans.Tests.Units.Lifecycle;

/// <summary>
/// The pause and resume rules of <see cref="JobLifecycle"/> (and <see cref="PauseRules"/>): what a pause does in every
/// status, what the remote suspension's result makes of it, how a resume goes back (through the tenant queue, continuing
/// the remote job), the paused time the limits add, and that no pause or resume ever asks for an illegal move.
/// </summary>
public sealed class JobPauseRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly RecoveryOptions Recovery = new() { ResumeSlotRequestInterval = TimeSpan.FromSeconds(7) };
    private static readonly MonitoringOptions Monitoring = new();
    private static readonly JobLifecycle Lifecycle = new(new JobOptions(), Monitoring, Recovery);
    private static readonly LifecycleContext Idle = new(Now);

    private static readonly JobStatus[] BeforeLaunch =
        [JobStatus.PENDING, JobStatus.PROCESSING_INPUTS, JobStatus.STAGING_INPUTS, JobStatus.STAGED, JobStatus.STAGING_JOB];

    private static readonly JobStatus[] Remote = [JobStatus.QUEUED, JobStatus.RUNNING];

    /// <summary>Every status a job may have been paused from: before its launch, and QUEUED or RUNNING.</summary>
    public static TheoryData<JobStatus> PausableStatuses() => [.. BeforeLaunch, .. Remote];

    public static TheoryData<JobStatus> EveryStatus() => [.. Enum.GetValues<JobStatus>()];

    private static JobRecord Job(JobStatus status, Func<JobRecord, JobRecord>? change = null)
    {
        var job = new JobRecord
        {
            Uuid = Guid.Parse("6f1c5a8e-0000-4000-8000-000000000003"), TenantId = "dev", TenantQueue = "q1", Owner = "alice",
            Spec = new JobSpec { Name = "j", SystemId = "hpc", AppId = "wc-1.0", AppUuid = "u", Resources = new JobResourceRequest { MaxHours = 1 } },
            UpdateToken = "t", Status = status, Version = 4, LastUpdated = Now.AddMinutes(-1),
        };
        if (status is not (JobStatus.ACCEPTED or JobStatus.PENDING or JobStatus.PROCESSING_INPUTS))
        {
            job = job with { WorkPath = "/work/job-3" };
        }

        if (status is JobStatus.QUEUED or JobStatus.RUNNING or JobStatus.CLEANING_UP or JobStatus.ARCHIVING)
        {
            job = job with { RemoteJobId = "4242", RemoteSubmitted = Now.AddMinutes(-30) };
        }

        if (status is JobStatus.RUNNING or JobStatus.CLEANING_UP or JobStatus.ARCHIVING)
        {
            job = job with { RemoteStarted = Now.AddMinutes(-20) };
        }

        if (status == JobStatus.BLOCKED)
        {
            job = job with { SuspendedFrom = JobStatus.STAGING_INPUTS, BlockedCondition = RecoveryCondition.TRANSMISSION_FAILURE };
        }

        return change is null ? job : change(job);
    }

    /// <summary>A job paused from <paramref name="from"/> 10 minutes ago, asked to resume by <paramref name="resumer"/> when given.</summary>
    private static JobRecord Paused(JobStatus from, string? resumer = null) =>
        Job(from) with { Status = JobStatus.PAUSED, SuspendedFrom = from, PausedAt = Now.AddMinutes(-10), ResumeRequestedBy = resumer };

    private static Type[] Kinds(LifecycleDecision decision) => decision.Commands.Select(command => command.GetType()).ToArray();

    // ---- Pause -------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void Pause_in_every_status(JobStatus status)
    {
        var job = Job(status);

        var decision = Lifecycle.Decide(job, new PauseRequested("bob"), Idle);

        if (PauseRules.PausesBeforeLaunch(status))
        {
            Assert.Equal(JobStatus.PAUSED, decision.NextStatus);
            Assert.Equal((status, Now, (string?)null), (decision.Next!.SuspendedFrom, decision.Next.PausedAt, decision.Next.ResumeRequestedBy));
            Assert.Equal("Paused by bob; the job holds no worker slot until it is resumed.", decision.Next.LastStatusMessage);
            Assert.Equal("bob", decision.HistoryEvent!.CreatedBy);
            Assert.Equal($"Transitioning from status {status} to PAUSED in phase {TransitionEffects.PhaseOf(status)}. Paused by bob; " +
                         "the job holds no worker slot until it is resumed.", decision.HistoryEvent.Description);
            Assert.Equal([typeof(StopWork), typeof(ReleaseSlot)], Kinds(decision));
            Assert.Null(decision.Next.Ended);
        }
        else if (status is JobStatus.QUEUED or JobStatus.RUNNING)
        {
            // The remote job is suspended first; its result decides (RemoteSuspended).
            Assert.Null(decision.Next);
            Assert.Null(decision.Refusal);
            Assert.IsType<SuspendRemoteJob>(Assert.Single(decision.Commands));
        }
        else if (status == JobStatus.PAUSED)
        {
            Assert.Equal(LifecycleDecision.Nothing, decision);
        }
        else
        {
            Assert.Null(decision.Next);
            Assert.Empty(decision.Commands);
            Assert.Contains(status.ToString(), decision.Refusal, StringComparison.Ordinal);
            Assert.Contains(job.Uuid.ToString(), decision.Refusal, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(JobStatus.FINISHED, "has ended (FINISHED)")]
    [InlineData(JobStatus.STOPPED, "has ended (STOPPED)")]
    [InlineData(JobStatus.FAILED, "has ended (FAILED)")]
    [InlineData(JobStatus.SUBMITTING, "a launch cannot be interrupted")]
    [InlineData(JobStatus.CLEANING_UP, "its app has ended")]
    [InlineData(JobStatus.ARCHIVING, "its app has ended")]
    [InlineData(JobStatus.BLOCKED, "BLOCKED on TRANSMISSION_FAILURE")]
    [InlineData(JobStatus.ACCEPTED, "before it is PENDING")]
    public void A_pause_refused_says_why(JobStatus status, string reason)
    {
        Assert.Contains(reason, Lifecycle.Decide(Job(status), new PauseRequested("bob"), Idle).Refusal, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PausableStatuses))]
    public void A_pause_interrupts_work_in_flight_and_gives_a_granted_slot_back(JobStatus status)
    {
        var context = Idle with { WorkInFlight = true, SlotGranted = true, WakeUpPlanned = true };
        var decision = Lifecycle.Decide(Job(status), new PauseRequested("alice"), context);
        if (status is JobStatus.QUEUED or JobStatus.RUNNING)
        {
            decision = Lifecycle.Decide(Job(status), new RemoteSuspended("alice", SuspensionResult.Done("stopped")), context);
        }

        Assert.Equal(JobStatus.PAUSED, decision.NextStatus);
        Assert.Contains(decision.Commands, command => command is StopWork);
        Assert.Contains(decision.Commands, command => command is ReleaseSlot);
    }

    [Theory]
    [InlineData(JobStatus.QUEUED)]
    [InlineData(JobStatus.RUNNING)]
    public void A_suspended_remote_job_pauses_the_job_saying_what_was_done(JobStatus status)
    {
        var job = Job(status);

        var decision = Lifecycle.Decide(job, new RemoteSuspended("alice", SuspensionResult.Done("Slurm job 4242 is held (scontrol hold).")), Idle);

        Assert.Equal(JobStatus.PAUSED, decision.NextStatus);
        Assert.Equal("Paused by alice: Slurm job 4242 is held (scontrol hold).", decision.Next!.LastStatusMessage);
        Assert.Equal("alice", decision.HistoryEvent!.CreatedBy);
        Assert.Equal((status, Now), (decision.Next.SuspendedFrom, decision.Next.PausedAt));
        Assert.Equal((job.RemoteJobId, job.RemoteStarted, job.RemoteEnded), (decision.Next.RemoteJobId, decision.Next.RemoteStarted, decision.Next.RemoteEnded));
        Assert.Equal([typeof(StopWork), typeof(ReleaseSlot)], Kinds(decision));
    }

    [Theory]
    [InlineData(JobStatus.QUEUED)]
    [InlineData(JobStatus.RUNNING)]
    public void A_remote_job_that_cannot_be_suspended_refuses_the_pause_with_the_reason(JobStatus status)
    {
        var notPossible = Lifecycle.Decide(Job(status), new RemoteSuspended("alice",
            SuspensionResult.NotPossible("its scheduler (SLURM) cannot pause a RUNNING job")), Idle);
        var ended = Lifecycle.Decide(Job(status), new RemoteSuspended("alice", SuspensionResult.Ended("The job has ended (its exit code is recorded).")), Idle);

        Assert.Null(notPossible.Next);
        Assert.Empty(notPossible.Commands);
        Assert.Equal($"Job {Job(status).Uuid} is {status} on system hpc and cannot be paused: its scheduler (SLURM) cannot pause a RUNNING job",
            notPossible.Refusal);
        Assert.Null(ended.Next);
        Assert.Empty(ended.Commands);
        Assert.Contains("its remote job has ended: The job has ended (its exit code is recorded). Its next status check moves it on.", ended.Refusal,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_suspension_result_for_a_job_no_longer_queued_or_running_is_refused()
    {
        var decision = Lifecycle.Decide(Job(JobStatus.CLEANING_UP), new RemoteSuspended("alice", SuspensionResult.Done("stopped")), Idle);

        Assert.Null(decision.Next);
        Assert.Contains("CLEANING_UP now", decision.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Pausing_a_paused_job_withdraws_a_resume_waiting_for_its_slot()
    {
        var decision = Lifecycle.Decide(Paused(JobStatus.RUNNING, resumer: "carol"), new PauseRequested("alice"), Idle with { WakeUpPlanned = true });

        Assert.False(decision.ChangesStatus);
        Assert.Null(decision.Next!.ResumeRequestedBy);
        Assert.Equal(JobStatus.PAUSED, decision.Next.Status);
        Assert.Equal("Paused again by alice: the resume carol asked for is withdrawn.", decision.Next.LastStatusMessage);
        Assert.Equal([typeof(StopWork), typeof(ReleaseSlot)], Kinds(decision));
    }

    // ---- Resume ------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void Resume_in_every_status(JobStatus status)
    {
        var job = status == JobStatus.PAUSED ? Paused(JobStatus.RUNNING) : Job(status);

        var decision = Lifecycle.Decide(job, new ResumeRequested("bob"), Idle);

        if (status == JobStatus.PAUSED)
        {
            // Recorded first (it survives a restart while the job waits for its slot); the move follows.
            Assert.False(decision.ChangesStatus);
            Assert.Equal(("bob", JobStatus.PAUSED, Now), (decision.Next!.ResumeRequestedBy, decision.Next.Status, decision.Next.LastUpdated));
            Assert.Equal("Resume requested by bob: the job goes back to RUNNING when tenant queue q1 has a worker slot for it.",
                decision.Next.LastStatusMessage);
            Assert.Empty(decision.Commands);
            return;
        }

        Assert.Null(decision.Next);
        Assert.Empty(decision.Commands);
        Assert.Equal(JobTransitions.IsTerminal(status)
                ? $"Job {job.Uuid} has ended ({status}): only a PAUSED job can be resumed."
                : $"Job {job.Uuid} is {status}, not PAUSED: only a paused job can be resumed.",
            decision.Refusal);
    }

    [Fact]
    public void A_resume_asked_twice_changes_nothing_the_second_time()
    {
        Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Paused(JobStatus.STAGING_INPUTS, resumer: "alice"), new ResumeRequested("bob"), Idle));
    }

    [Fact]
    public void A_job_paused_while_pending_is_resumed_at_once_and_asks_for_its_slot_as_pending()
    {
        var job = Paused(JobStatus.PENDING, resumer: "bob");

        var decision = Lifecycle.Decide(job, new ProgressRequested(), Idle);

        Assert.Equal(JobStatus.PENDING, decision.NextStatus);
        Assert.Equal("Resumed by bob.", decision.Next!.LastStatusMessage);
        Assert.Equal("bob", decision.HistoryEvent!.CreatedBy);
        Assert.Equal($"Transitioning from status PAUSED to PENDING in phase PAUSED. Resumed by bob.", decision.HistoryEvent.Description);
        Assert.Equal(((JobStatus?)null, (DateTimeOffset?)null, (string?)null),
            (decision.Next.SuspendedFrom, decision.Next.PausedAt, decision.Next.ResumeRequestedBy));
        Assert.IsType<StopWork>(Assert.Single(decision.Commands));
    }

    [Theory]
    [InlineData(JobStatus.PROCESSING_INPUTS)]
    [InlineData(JobStatus.STAGING_INPUTS)]
    [InlineData(JobStatus.STAGED)]
    [InlineData(JobStatus.STAGING_JOB)]
    [InlineData(JobStatus.QUEUED)]
    [InlineData(JobStatus.RUNNING)]
    public void A_resumed_job_waits_for_a_worker_slot_of_its_queue_asking_again_until_granted(JobStatus from)
    {
        foreach (var happened in new LifecycleEvent[] { new ProgressRequested(), new WakeUpDue() })
        {
            var decision = Lifecycle.Decide(Paused(from, resumer: "bob"), happened, Idle);

            Assert.Null(decision.Next);
            Assert.Equal([typeof(RequestSlot), typeof(WakeUpIn)], Kinds(decision));
            Assert.Equal(Recovery.ResumeSlotRequestInterval, decision.Commands.OfType<WakeUpIn>().Single().Delay);
        }
    }

    [Theory]
    [InlineData(JobStatus.PROCESSING_INPUTS, false)]
    [InlineData(JobStatus.STAGING_INPUTS, false)]
    [InlineData(JobStatus.STAGED, false)]
    [InlineData(JobStatus.STAGING_JOB, false)]
    [InlineData(JobStatus.QUEUED, true)]
    [InlineData(JobStatus.RUNNING, true)]
    public void With_its_slot_a_resumed_job_goes_back_to_where_it_was_paused_continuing_its_remote_job(JobStatus from, bool continues)
    {
        // The slot may come while the next request for it is planned: it is taken at once.
        var decision = Lifecycle.Decide(Paused(from, resumer: "bob"), new ProgressRequested(), Idle with { SlotGranted = true, WakeUpPlanned = true });

        Assert.Equal(from, decision.NextStatus);
        Assert.Equal("Resumed by bob.", decision.Next!.LastStatusMessage);
        Assert.Equal("bob", decision.HistoryEvent!.CreatedBy);
        Assert.Null(decision.Next.ResumeRequestedBy);
        Assert.Equal(continues, decision.Commands.OfType<ContinueRemoteJob>().Any());
        if (continues)
        {
            Assert.True(decision.Commands[0].RunsBeforeWrite);
        }

        // The planned request for the slot is dropped, or the status's work would wait for it; the slot is kept.
        Assert.Contains(decision.Commands, command => command is StopWork);
        Assert.DoesNotContain(decision.Commands, command => command is ReleaseSlot);
    }

    [Fact]
    public void A_paused_job_not_asked_to_resume_gives_a_granted_slot_back_without_a_write()
    {
        var decision = Lifecycle.Decide(Paused(JobStatus.STAGING_INPUTS), new ProgressRequested(), Idle with { SlotGranted = true, WakeUpPlanned = true });

        Assert.Null(decision.Next);
        Assert.IsType<ReleaseSlot>(Assert.Single(decision.Commands));
    }

    [Theory]
    [MemberData(nameof(PausableStatuses))]
    public void Work_that_ends_after_the_pause_is_ignored(JobStatus from)
    {
        WorkEnded[] results =
        [
            new InputsStaged(), new JobStaged(), new PhaseFailed(from, JobFailure.Permanent("x")),
            new StatusAnswered(from, new RemoteJobStatus(RemoteJobState.Completed, 0)),
            new StatusUnanswered(from, JobFailure.Transient(RecoveryCondition.SSH_CONNECTION_FAILURE, "down")),
        ];

        Assert.All(results, result => Assert.Equal(LifecycleDecision.Nothing, Lifecycle.Decide(Paused(from), result, Idle)));
    }

    [Theory]
    [InlineData(JobStatus.RUNNING, true)]
    [InlineData(JobStatus.QUEUED, true)]
    [InlineData(JobStatus.STAGING_INPUTS, false)]
    [InlineData(JobStatus.PENDING, false)]
    public void Cancel_of_a_paused_job_stops_it_and_kills_its_remote_job(JobStatus from, bool kill)
    {
        var decision = Lifecycle.Decide(Paused(from, resumer: "bob"), new CancelRequested("alice"), Idle with { SlotGranted = true });

        Assert.Equal(JobStatus.STOPPED, decision.NextStatus);
        Assert.Equal(kill, decision.Commands.OfType<KillRemoteJob>().Any());
        Assert.Contains(decision.Commands, command => command is ReleaseSlot);
        Assert.Null(decision.Next!.ResumeRequestedBy);
        Assert.Null(decision.Next.PausedAt);
    }

    // ---- Paused time and the limits ------------------------------------------------------------------------------

    [Theory]
    [InlineData(JobStatus.RUNNING, 10)]
    [InlineData(JobStatus.QUEUED, 10)]
    [InlineData(JobStatus.STAGING_INPUTS, 0)]
    [InlineData(JobStatus.PENDING, 0)]
    public void Leaving_pause_adds_the_time_paused_while_queued_or_running(JobStatus from, int minutes)
    {
        var job = Paused(from, resumer: "bob") with { PausedFor = TimeSpan.FromMinutes(3) };

        var resumed = Lifecycle.Decide(job, new ProgressRequested(), Idle with { SlotGranted = true });

        Assert.Equal(TimeSpan.FromMinutes(3 + minutes), resumed.Next!.PausedFor);
    }

    [Fact]
    public void A_fresh_start_counts_paused_time_from_zero_again()
    {
        var queued = Job(JobStatus.QUEUED) with { PausedFor = TimeSpan.FromMinutes(40) };

        var started = Lifecycle.Decide(queued, new StatusAnswered(JobStatus.QUEUED, new RemoteJobStatus(RemoteJobState.Running)), Idle);

        Assert.Equal(JobStatus.RUNNING, started.NextStatus);
        Assert.Equal(TimeSpan.Zero, started.Next!.PausedFor);
    }

    [Theory]
    [InlineData(35, false)]
    [InlineData(25, true)]
    public void Paused_time_does_not_count_against_the_run_time(int pausedMinutes, bool overTime)
    {
        // maxHours 1 plus the 10 min grace: 70 min; the job started 100 min ago.
        var running = Job(JobStatus.RUNNING) with { RemoteStarted = Now.AddMinutes(-100), PausedFor = TimeSpan.FromMinutes(pausedMinutes) };

        var decision = Lifecycle.Decide(running, new StatusAnswered(JobStatus.RUNNING, new RemoteJobStatus(RemoteJobState.Running)), Idle);

        Assert.Equal(overTime ? JobStatus.FAILED : null, decision.NextStatus);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(0.5, true)]
    public void Paused_time_does_not_count_against_the_time_in_the_remote_queue(double pausedDays, bool overTime)
    {
        var queued = Job(JobStatus.QUEUED) with
        {
            RemoteSubmitted = Now - Monitoring.MaxQueuedTime - TimeSpan.FromDays(1), PausedFor = TimeSpan.FromDays(pausedDays),
        };

        var decision = Lifecycle.Decide(queued, new StatusAnswered(JobStatus.QUEUED, new RemoteJobStatus(RemoteJobState.Queued)), Idle);

        Assert.Equal(overTime ? JobStatus.FAILED : null, decision.NextStatus);
    }

    // ---- What a system can suspend -------------------------------------------------------------------------------

    [Fact]
    public void Only_queued_and_running_jobs_have_a_remote_job_to_suspend()
    {
        foreach (var status in Enum.GetValues<JobStatus>())
        {
            Assert.Equal(status switch
            {
                JobStatus.QUEUED => RemoteJobState.Queued,
                JobStatus.RUNNING => RemoteJobState.Running,
                _ => (RemoteJobState?)null,
            }, PauseRules.RemoteStateOf(status));
        }
    }

    [Fact]
    public void What_cannot_be_suspended_is_said_with_what_can()
    {
        Assert.Equal("its scheduler (SLURM) cannot pause a RUNNING job: a job of this system can be paused only while it is QUEUED. Cancel it or let it finish.",
            PauseRules.Unsuspendable(JobStatus.RUNNING, SchedulerKind.SLURM, new HashSet<RemoteJobState> { RemoteJobState.Queued }));
        Assert.Contains("only while it is RUNNING",
            PauseRules.Unsuspendable(JobStatus.QUEUED, SchedulerKind.FORK, new HashSet<RemoteJobState> { RemoteJobState.Running }), StringComparison.Ordinal);
        Assert.Contains("only while it is QUEUED or RUNNING",
            PauseRules.Unsuspendable(JobStatus.RUNNING, SchedulerKind.SLURM, new HashSet<RemoteJobState> { RemoteJobState.Running, RemoteJobState.Queued }),
            StringComparison.Ordinal);
        Assert.Contains("no job of this system can be paused once it is launched",
            PauseRules.Unsuspendable(JobStatus.RUNNING, SchedulerKind.SLURM, new HashSet<RemoteJobState>()), StringComparison.Ordinal);
    }

    // ---- The table -----------------------------------------------------------------------------------------------

    [Fact]
    public void No_pause_or_resume_in_any_status_asks_for_an_illegal_move()
    {
        LifecycleEvent[] events =
        [
            new PauseRequested("u"), new ResumeRequested("u"), new ProgressRequested(), new WakeUpDue(), new CancelRequested("u"),
            .. new[] { SuspensionResult.Done("d"), SuspensionResult.NotPossible("n"), SuspensionResult.Ended("e") }.Select(result => new RemoteSuspended("u", result)),
        ];
        var jobs = Enum.GetValues<JobStatus>().Select(status => Job(status))
            .Concat(BeforeLaunch.Concat(Remote).SelectMany(from => new[] { Paused(from), Paused(from, resumer: "r") }));
        foreach (var job in jobs)
        {
            foreach (var (slot, planned) in new[] { (false, false), (true, false), (false, true), (true, true) })
            {
                foreach (var happened in events)
                {
                    var decision = Lifecycle.Decide(job, happened, Idle with { SlotGranted = slot, WakeUpPlanned = planned });
                    if (decision.NextStatus is { } next)
                    {
                        Assert.True(JobTransitions.IsLegal(job.Status, next, job.SuspendedFrom), $"{happened} in {job.Status} (from {job.SuspendedFrom}) → {next}");
                    }
                }
            }
        }
    }
}
