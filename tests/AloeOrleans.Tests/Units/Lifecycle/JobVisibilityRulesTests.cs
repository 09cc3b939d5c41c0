using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Jobs;
using AloeOrleans.Grains.Jobs.Lifecycle;
using AloeOrleans.Grains.Recovery;
using Xunit;

namespace AloeOrleans.Tests.Units.Lifecycle;

/// <summary>
/// The hide, unhide and resubmit rules of <see cref="JobLifecycle"/> in every status: only an ended job is hidden, a
/// hidden job is unhidden whatever its state, each change writes only <c>visible</c> and its history event by the user
/// who asked, asking twice changes nothing, and resubmit is refused in ACCEPTED and PENDING only.
/// </summary>
public sealed class JobVisibilityRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly JobLifecycle Lifecycle = new(new JobOptions(), new MonitoringOptions(), new RecoveryOptions());
    private static readonly LifecycleContext Idle = new(Now);

    public static TheoryData<JobStatus> EveryStatus() => [.. Enum.GetValues<JobStatus>()];

    private static JobRecord Job(JobStatus status, bool visible = true) => new()
    {
        Uuid = Guid.Parse("6f1c5a8e-0000-4000-8000-000000000009"), TenantId = "dev", TenantQueue = "q1", Owner = "alice",
        Spec = new JobSpec { Name = "j", SystemId = "hpc", AppId = "wc-1.0", AppUuid = "u" },
        UpdateToken = "t", Status = status, Version = 4, LastUpdated = Now.AddHours(-1), Visible = visible,
        SuspendedFrom = status is JobStatus.BLOCKED or JobStatus.PAUSED ? JobStatus.RUNNING : null,
    };

    private static bool Ended(JobStatus status) => status is JobStatus.FINISHED or JobStatus.STOPPED or JobStatus.FAILED;

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void Hide_of_a_visible_job_hides_an_ended_one_and_refuses_any_other_naming_its_state(JobStatus status)
    {
        var job = Job(status);

        var decision = Lifecycle.Decide(job, new HideRequested("bob"), Idle);

        Assert.Equal(Ended(status), JobLifecycle.CanHide(status));
        Assert.Empty(decision.Commands);
        Assert.Null(decision.QuotaLimits);
        if (Ended(status))
        {
            Assert.Null(decision.Refusal);
            Assert.Equal(job with { Visible = false }, decision.Next);
            Assert.Equal(JobHistoryKinds.Hidden, decision.HistoryEvent!.Event);
            Assert.Equal("bob", decision.HistoryEvent.CreatedBy);
            Assert.Contains("hidden by bob", decision.HistoryEvent.Description, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(decision.Next);
            Assert.Null(decision.HistoryEvent);
            Assert.Contains($"is {status}", decision.Refusal, StringComparison.Ordinal);
            Assert.Contains("only a job that has ended", decision.Refusal, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void Hide_of_a_hidden_job_changes_nothing_when_it_has_ended(JobStatus status)
    {
        var decision = Lifecycle.Decide(Job(status, visible: false), new HideRequested("bob"), Idle);

        Assert.Null(decision.Next);
        Assert.Null(decision.HistoryEvent);
        Assert.Empty(decision.Commands);
        Assert.Equal(Ended(status), decision.Refusal is null);
    }

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void Unhide_of_a_hidden_job_makes_it_visible_in_every_state(JobStatus status)
    {
        var job = Job(status, visible: false);

        var decision = Lifecycle.Decide(job, new UnhideRequested("carol"), Idle);

        Assert.Null(decision.Refusal);
        Assert.Empty(decision.Commands);
        Assert.Equal(job with { Visible = true }, decision.Next);
        Assert.Equal(JobHistoryKinds.Unhidden, decision.HistoryEvent!.Event);
        Assert.Equal("carol", decision.HistoryEvent.CreatedBy);
        Assert.Contains("unhidden by carol", decision.HistoryEvent.Description, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void Unhide_of_a_visible_job_changes_nothing(JobStatus status)
    {
        var decision = Lifecycle.Decide(Job(status), new UnhideRequested("carol"), Idle);

        Assert.Same(LifecycleDecision.Nothing, decision);
    }

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void Hide_and_unhide_never_change_status_message_or_last_updated(JobStatus status)
    {
        foreach (var (job, request) in new (JobRecord, LifecycleEvent)[]
                 {
                     (Job(status), new HideRequested("bob")), (Job(status, visible: false), new UnhideRequested("bob")),
                 })
        {
            if (Lifecycle.Decide(job, request, Idle).Next is { } next)
            {
                Assert.Equal((job.Status, job.LastStatusMessage, job.LastUpdated, job.Version), (next.Status, next.LastStatusMessage, next.LastUpdated, next.Version));
            }
        }
    }

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void Resubmit_is_refused_in_ACCEPTED_and_PENDING_only(JobStatus status)
    {
        var refused = status is JobStatus.ACCEPTED or JobStatus.PENDING;
        var uuid = Guid.NewGuid();

        var refusal = JobLifecycle.ResubmitRefusal(uuid, status);

        Assert.Equal(!refused, JobLifecycle.CanResubmit(status));
        Assert.Equal(refused, refusal is not null);
        if (refusal is not null)
        {
            Assert.Contains($"Job {uuid} is {status}", refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_history_kinds_are_no_status_names()
    {
        var statuses = Enum.GetNames<JobStatus>();

        Assert.All(JobHistoryKinds.Names, kind => Assert.DoesNotContain(kind, statuses));
        Assert.All(JobHistoryKinds.Names, kind => Assert.True(kind.Length <= 32 && kind.All(c => c is (>= 'A' and <= 'Z') or '_'), kind));
        Assert.True(JobHistoryKinds.IsKnown(JobHistoryKinds.PermissionGrant));
        Assert.False(JobHistoryKinds.IsKnown("FINISHED"));
        Assert.False(JobHistoryKinds.IsKnown("hidden"));
    }
}
