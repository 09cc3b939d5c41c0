using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Jobs;
using Xunit;

namespace AloeOrleans.Tests.Units;

/// <summary>The side effects every transition carries (docs/lifecycle.md, "Transitions").</summary>
public sealed class TransitionEffectsTests
{
    private static readonly DateTimeOffset Earlier = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private static JobRecord Job(JobStatus status) => new()
    {
        Uuid = Guid.NewGuid(), TenantId = "dev", TenantQueue = "q", Owner = "alice", UpdateToken = "t", Status = status,
        Spec = new JobSpec { Name = "j", SystemId = "local", AppId = "wc-1.0", AppUuid = "u" },
    };

    private static JobRecord Move(JobRecord before, JobStatus to) => TransitionEffects.Apply(before, before with { Status = to }, Now);

    [Theory]
    [InlineData(JobStatus.QUEUED)]
    [InlineData(JobStatus.RUNNING)]
    [InlineData(JobStatus.CLEANING_UP)]
    public void Leaving_submitting_for_the_remote_side_sets_remote_submitted(JobStatus to)
    {
        var after = Move(Job(JobStatus.SUBMITTING), to);

        Assert.Equal(Now, after.RemoteSubmitted);
    }

    [Theory]
    [InlineData(JobStatus.FAILED)]
    [InlineData(JobStatus.STOPPED)]
    [InlineData(JobStatus.BLOCKED)]
    [InlineData(JobStatus.PAUSED)]
    public void Leaving_submitting_without_a_launch_sets_no_remote_submitted(JobStatus to)
    {
        Assert.Null(Move(Job(JobStatus.SUBMITTING), to).RemoteSubmitted);
    }

    [Fact]
    public void Remote_submitted_is_never_overwritten()
    {
        var before = Job(JobStatus.SUBMITTING) with { RemoteSubmitted = Earlier };

        Assert.Equal(Earlier, Move(before, JobStatus.QUEUED).RemoteSubmitted);
    }

    [Fact]
    public void Transitions_not_leaving_submitting_do_not_set_remote_submitted()
    {
        Assert.Null(Move(Job(JobStatus.STAGING_JOB), JobStatus.SUBMITTING).RemoteSubmitted);
        Assert.Null(Move(Job(JobStatus.QUEUED), JobStatus.RUNNING).RemoteSubmitted);
    }

    [Fact]
    public void Entering_running_sets_remote_started()
    {
        var started = Move(Job(JobStatus.QUEUED), JobStatus.RUNNING);
        Assert.Equal(Now, started.RemoteStarted);
        Assert.Equal(Now, Move(Job(JobStatus.SUBMITTING), JobStatus.RUNNING).RemoteStarted);
        Assert.Null(Move(Job(JobStatus.SUBMITTING), JobStatus.QUEUED).RemoteStarted);
    }

    [Fact]
    public void A_job_requeued_by_the_scheduler_and_started_again_starts_its_run_time_again()
    {
        var requeued = Move(Job(JobStatus.RUNNING) with { RemoteStarted = Earlier }, JobStatus.QUEUED);

        Assert.Equal(Now, Move(requeued, JobStatus.RUNNING).RemoteStarted);
    }

    [Theory]
    [InlineData(JobStatus.ARCHIVING, JobStatus.FINISHED)]
    [InlineData(JobStatus.PENDING, JobStatus.STOPPED)]
    [InlineData(JobStatus.RUNNING, JobStatus.FAILED)]
    [InlineData(JobStatus.BLOCKED, JobStatus.FAILED)]
    public void Entering_a_terminal_state_sets_ended(JobStatus from, JobStatus to)
    {
        Assert.Equal(Now, Move(Job(from), to).Ended);
    }

    [Theory]
    [InlineData(JobStatus.ACCEPTED, JobStatus.PENDING)]
    [InlineData(JobStatus.RUNNING, JobStatus.CLEANING_UP)]
    [InlineData(JobStatus.CLEANING_UP, JobStatus.ARCHIVING)]
    public void Non_terminal_states_leave_ended_unset(JobStatus from, JobStatus to)
    {
        Assert.Null(Move(Job(from), to).Ended);
    }

    [Fact]
    public void Entering_blocked_counts_the_block_and_saves_the_state_it_came_from()
    {
        var blocked = Move(Job(JobStatus.STAGING_INPUTS) with { BlockedCount = 2 }, JobStatus.BLOCKED);

        Assert.Equal(3, blocked.BlockedCount);
        Assert.Equal(JobStatus.STAGING_INPUTS, blocked.SuspendedFrom);
    }

    [Fact]
    public void Entering_paused_saves_the_state_but_does_not_count_a_block()
    {
        var paused = Move(Job(JobStatus.RUNNING) with { BlockedCount = 2 }, JobStatus.PAUSED);

        Assert.Equal(2, paused.BlockedCount);
        Assert.Equal(JobStatus.RUNNING, paused.SuspendedFrom);
    }

    [Fact]
    public void The_block_count_comes_from_the_state_before_not_from_the_proposed_record()
    {
        var before = Job(JobStatus.RUNNING) with { BlockedCount = 1 };

        var blocked = TransitionEffects.Apply(before, before with { Status = JobStatus.BLOCKED, BlockedCount = 40 }, Now);

        Assert.Equal(2, blocked.BlockedCount);
    }

    [Theory]
    [InlineData(JobStatus.BLOCKED, JobStatus.RUNNING)]
    [InlineData(JobStatus.BLOCKED, JobStatus.STOPPED)]
    [InlineData(JobStatus.PAUSED, JobStatus.STAGED)]
    [InlineData(JobStatus.PAUSED, JobStatus.FAILED)]
    public void Leaving_blocked_or_paused_clears_the_saved_state_and_keeps_the_count(JobStatus suspended, JobStatus to)
    {
        var before = Job(suspended) with { SuspendedFrom = to is JobStatus.RUNNING or JobStatus.STAGED ? to : JobStatus.RUNNING, BlockedCount = 3 };

        var after = Move(before, to);

        Assert.Null(after.SuspendedFrom);
        Assert.Equal(3, after.BlockedCount);
    }

    [Fact]
    public void Resuming_a_blocked_running_job_keeps_its_remote_times()
    {
        var before = Job(JobStatus.BLOCKED) with { SuspendedFrom = JobStatus.RUNNING, RemoteSubmitted = Earlier, RemoteStarted = Earlier };

        var after = Move(before, JobStatus.RUNNING);

        Assert.Equal((Earlier, Earlier), (after.RemoteSubmitted, after.RemoteStarted));
    }

    [Fact]
    public void Other_fields_of_the_proposed_record_are_kept()
    {
        var before = Job(JobStatus.RUNNING);

        var after = TransitionEffects.Apply(before, before with { Status = JobStatus.CLEANING_UP, LastStatusMessage = "done", RemoteOutcome = RemoteOutcome.FINISHED }, Now);

        Assert.Equal(("done", RemoteOutcome.FINISHED, JobStatus.CLEANING_UP), (after.LastStatusMessage, after.RemoteOutcome, after.Status));
    }

    [Theory]
    [InlineData(JobStatus.PENDING, "ACCEPTANCE")]
    [InlineData(JobStatus.STAGED, "STAGING_INPUTS")]
    [InlineData(JobStatus.SUBMITTING, "SUBMITTING")]
    [InlineData(JobStatus.RUNNING, "MONITORING")]
    [InlineData(JobStatus.ARCHIVING, "ARCHIVING")]
    [InlineData(JobStatus.BLOCKED, "BLOCKED")]
    public void Phase_names_group_the_states(JobStatus status, string phase)
    {
        Assert.Equal(phase, TransitionEffects.PhaseOf(status));
    }
}
