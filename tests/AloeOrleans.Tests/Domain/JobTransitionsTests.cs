using AloeOrleans.GrainInterfaces.Jobs;
using Xunit;

namespace AloeOrleans.Tests.Domain;

/// <summary>
/// Checks JobTransitions against the table of docs/lifecycle.md ("Transitions"), written out again here as a matrix so
/// that a change to either must be made on purpose in both.
/// </summary>
public sealed class JobTransitionsTests
{
    /// <summary>Column and row order of <see cref="LegalMatrix"/>; deliberately spelled out, not taken from the enum.</summary>
    private static readonly JobStatus[] Order =
    [
        JobStatus.ACCEPTED, JobStatus.PENDING, JobStatus.PROCESSING_INPUTS, JobStatus.STAGING_INPUTS, JobStatus.STAGED,
        JobStatus.STAGING_JOB, JobStatus.SUBMITTING, JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.CLEANING_UP,
        JobStatus.ARCHIVING, JobStatus.FINISHED, JobStatus.STOPPED, JobStatus.FAILED, JobStatus.BLOCKED, JobStatus.PAUSED,
    ];

    // X = legal by the table alone (BLOCKED/PAUSED returning to their saved state is tested separately).
    private static readonly string[] LegalMatrix =
    [
        //  AC PE PI SI SD SJ SU QU RU CU AR FI ST FA BL PA
        "   .  X  .  .  .  .  .  .  .  .  .  .  .  X  .  .", // ACCEPTED
        "   .  .  X  .  .  .  .  .  .  .  .  .  X  X  X  X", // PENDING
        "   .  .  .  X  X  .  .  .  .  .  .  .  X  X  X  X", // PROCESSING_INPUTS
        "   .  .  .  .  X  .  .  .  .  .  .  .  X  X  X  X", // STAGING_INPUTS
        "   .  .  .  .  .  X  .  .  .  .  .  .  X  X  X  X", // STAGED
        "   .  .  .  .  .  .  X  .  .  .  .  .  X  X  X  X", // STAGING_JOB
        "   .  .  .  .  .  .  .  X  X  X  .  .  X  X  X  X", // SUBMITTING
        "   .  .  .  .  .  .  .  .  X  X  .  .  X  X  X  X", // QUEUED
        "   .  .  .  .  .  .  .  X  .  X  .  .  X  X  X  X", // RUNNING
        "   .  .  .  .  .  .  .  .  .  .  X  X  X  X  X  X", // CLEANING_UP
        "   .  .  .  .  .  .  .  .  .  .  .  X  X  X  X  X", // ARCHIVING
        "   .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .", // FINISHED
        "   .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .", // STOPPED
        "   .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .", // FAILED
        "   .  .  .  .  .  .  .  .  .  .  .  .  X  X  .  .", // BLOCKED
        "   .  .  .  .  .  .  .  .  .  .  .  .  X  X  .  .", // PAUSED
    ];

    /// <summary>States a job may be blocked or paused from: exactly the rows above with X under BL and PA.</summary>
    private static readonly JobStatus[] Suspendable =
    [
        JobStatus.PENDING, JobStatus.PROCESSING_INPUTS, JobStatus.STAGING_INPUTS, JobStatus.STAGED, JobStatus.STAGING_JOB,
        JobStatus.SUBMITTING, JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.CLEANING_UP, JobStatus.ARCHIVING,
    ];

    public static TheoryData<JobStatus, JobStatus, bool> EveryPair()
    {
        var data = new TheoryData<JobStatus, JobStatus, bool>();
        for (var row = 0; row < Order.Length; row++)
        {
            var cells = LegalMatrix[row].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var column = 0; column < Order.Length; column++)
            {
                data.Add(Order[row], Order[column], cells[column] == "X");
            }
        }

        return data;
    }

    public static TheoryData<JobStatus, JobStatus> SuspendedStatesAndOrigins()
    {
        var data = new TheoryData<JobStatus, JobStatus>();
        foreach (var suspended in new[] { JobStatus.BLOCKED, JobStatus.PAUSED })
        {
            foreach (var origin in Enum.GetValues<JobStatus>())
            {
                data.Add(suspended, origin);
            }
        }

        return data;
    }

    [Fact]
    public void Matrix_covers_every_status_once()
    {
        Assert.Equal(Enum.GetValues<JobStatus>().OrderBy(status => status), Order.OrderBy(status => status));
        Assert.All(LegalMatrix, row => Assert.Equal(Order.Length, row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Transition_is_legal_exactly_when_the_spec_table_says_so(JobStatus from, JobStatus to, bool legal)
    {
        Assert.Equal(legal, JobTransitions.IsLegal(from, to));
        Assert.Equal(legal, JobTransitions.Successors(from).Contains(to));
    }

    [Theory]
    [MemberData(nameof(SuspendedStatesAndOrigins))]
    public void Suspended_job_returns_only_to_the_state_it_was_suspended_from(JobStatus suspended, JobStatus origin)
    {
        var mayReturn = Suspendable.Contains(origin);
        var legalFromAnySuspension = origin is JobStatus.STOPPED or JobStatus.FAILED;

        Assert.Equal(mayReturn || legalFromAnySuspension, JobTransitions.IsLegal(suspended, origin, suspendedFrom: origin));
        Assert.Equal(mayReturn, JobTransitions.CanBeResumedTo(origin));
    }

    [Theory]
    [InlineData(JobStatus.BLOCKED)]
    [InlineData(JobStatus.PAUSED)]
    public void Suspended_job_does_not_move_to_another_active_state(JobStatus suspended)
    {
        Assert.False(JobTransitions.IsLegal(suspended, JobStatus.RUNNING, suspendedFrom: JobStatus.QUEUED));
        Assert.False(JobTransitions.IsLegal(suspended, JobStatus.RUNNING));
    }

    [Theory]
    [InlineData(JobStatus.BLOCKED)]
    [InlineData(JobStatus.PAUSED)]
    public void Suspended_job_may_always_be_stopped_or_failed(JobStatus suspended)
    {
        Assert.True(JobTransitions.IsLegal(suspended, JobStatus.STOPPED, suspendedFrom: JobStatus.RUNNING));
        Assert.True(JobTransitions.IsLegal(suspended, JobStatus.FAILED, suspendedFrom: JobStatus.RUNNING));
    }

    [Fact]
    public void Saved_state_is_ignored_for_a_job_that_is_not_suspended()
    {
        Assert.False(JobTransitions.IsLegal(JobStatus.QUEUED, JobStatus.STAGED, suspendedFrom: JobStatus.STAGED));
    }

    [Theory]
    [InlineData(JobStatus.FINISHED, true)]
    [InlineData(JobStatus.STOPPED, true)]
    [InlineData(JobStatus.FAILED, true)]
    [InlineData(JobStatus.ACCEPTED, false)]
    [InlineData(JobStatus.ARCHIVING, false)]
    [InlineData(JobStatus.BLOCKED, false)]
    [InlineData(JobStatus.PAUSED, false)]
    public void Only_finished_stopped_and_failed_are_terminal(JobStatus status, bool terminal)
    {
        Assert.Equal(terminal, JobTransitions.IsTerminal(status));
    }

    [Fact]
    public void Happy_path_of_an_archiving_job_is_legal_step_by_step()
    {
        JobStatus[] path =
        [
            JobStatus.ACCEPTED, JobStatus.PENDING, JobStatus.PROCESSING_INPUTS, JobStatus.STAGING_INPUTS, JobStatus.STAGED,
            JobStatus.STAGING_JOB, JobStatus.SUBMITTING, JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.CLEANING_UP,
            JobStatus.ARCHIVING, JobStatus.FINISHED,
        ];

        Assert.All(path.Zip(path.Skip(1)), step => Assert.True(JobTransitions.IsLegal(step.First, step.Second), $"{step.First} → {step.Second}"));
    }
}
