using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Quotas;
using Xunit;

namespace AloeOrleans.Tests.Quotas;

/// <summary>The limits a job meets, read from its execution system's definition and its remote queue.</summary>
public sealed class SubmissionLimitsTests
{
    private static readonly SystemDefinition Hpc = new()
    {
        Id = "hpc",
        Type = SystemType.EXECUTION,
        Scheduler = SchedulerKind.SLURM,
        MaxSystemJobs = 20,
        MaxSystemJobsPerUser = 6,
        Queues =
        [
            new SystemQueue { Name = "normal", Default = true, MaxJobs = 10, MaxUserJobs = 2 },
            new SystemQueue { Name = "debug" },
            new SystemQueue { Name = "legacy", MaxJobs = -1, MaxUserJobs = -1 },
        ],
    };

    [Fact]
    public void A_declared_queue_brings_its_limits_and_the_systems()
    {
        Assert.Equal(new SubmissionLimits("hpc", "normal", 2, 10, 6, 20), SubmissionLimits.For(Hpc, "normal"));
    }

    [Fact]
    public void Omitted_and_negative_limits_are_no_limit()
    {
        Assert.Equal(new SubmissionLimits("hpc", "debug", int.MaxValue, int.MaxValue, 6, 20), SubmissionLimits.For(Hpc, "debug"));
        Assert.Equal(new SubmissionLimits("hpc", "legacy", int.MaxValue, int.MaxValue, 6, 20), SubmissionLimits.For(Hpc, "legacy"));
        var open = Hpc with { MaxSystemJobs = int.MaxValue, MaxSystemJobsPerUser = -1 };
        Assert.True(SubmissionLimits.For(open, "debug").IsUnlimited);
        Assert.False(SubmissionLimits.For(open, "normal").IsUnlimited);
    }

    [Fact]
    public void Without_a_queue_or_with_one_the_system_no_longer_declares_only_system_limits_apply()
    {
        var expected = new SubmissionLimits("hpc", null, int.MaxValue, int.MaxValue, 6, 20);

        Assert.Equal(expected, SubmissionLimits.For(Hpc, null));
        Assert.Equal(expected, SubmissionLimits.For(Hpc, "removed"));
        Assert.True(SubmissionLimits.For(new SystemDefinition { Id = "local", Type = SystemType.EXECUTION }, null).IsUnlimited);
    }

    [Fact]
    public void A_zero_limit_is_a_limit()
    {
        var closed = Hpc with { Queues = [new SystemQueue { Name = "normal", MaxJobs = 0 }], MaxSystemJobs = int.MaxValue, MaxSystemJobsPerUser = int.MaxValue };

        var limits = SubmissionLimits.For(closed, "normal");

        Assert.Equal(0, limits.MaxQueueJobs);
        Assert.False(limits.IsUnlimited);
        Assert.False(SubmissionQuotaRule.Decide(limits, ActiveJobCounts.None, "alice").Allowed);
    }
}
