using AloeOrleans.Grains.Quotas;
using Xunit;

namespace AloeOrleans.Tests.Quotas;

/// <summary>
/// The quota rule over every limit, every kind of limit value (none, negative, 0, 1, 2, 5) and counts below, at and
/// above it; then the messages, several full limits at once, a job without a queue, and the room left.
/// </summary>
public sealed class SubmissionQuotaRuleTests
{
    private const int None = SubmissionLimits.Unlimited;

    private static readonly int[] LimitValues = [None, -1, 0, 1, 2, 5];
    private static readonly int[] CountValues = [0, 1, 2, 3, 5, 6, 1000];

    public static TheoryData<QuotaLimit, int, int> EveryLimitValueAndCount()
    {
        var data = new TheoryData<QuotaLimit, int, int>();
        foreach (var limit in Enum.GetValues<QuotaLimit>())
        {
            foreach (var max in LimitValues)
            {
                foreach (var count in CountValues)
                {
                    data.Add(limit, max, count);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryLimitValueAndCount))]
    public void One_limit_admits_a_job_while_fewer_than_it_are_counted(QuotaLimit limit, int max, int count)
    {
        // Only this limit is set, and only its scope holds jobs beyond what the others would allow anyway.
        var limits = With(limit, max);
        var counts = Counting(limit, count);

        var verdict = SubmissionQuotaRule.Decide(limits, counts, "alice");

        var expected = max is None or < 0 || count < max;
        Assert.Equal(expected, verdict.Allowed);
        QuotaLimit[] exceeded = expected ? [] : [limit];
        Assert.Equal(exceeded, verdict.Exceeded);
        Assert.Equal(expected, verdict.Message.Length == 0);
        Assert.Equal(expected ? (max is None or < 0 ? None : max - count) : 0, SubmissionQuotaRule.Room(limits, counts));
    }

    [Theory]
    [InlineData(QuotaLimit.QueueUserJobs, 2, 2, "queue normal of system hpc allows 2 jobs per user (maxUserJobs); alice has 2 queued or running")]
    [InlineData(QuotaLimit.QueueUserJobs, 1, 3, "queue normal of system hpc allows 1 job per user (maxUserJobs); alice has 3 queued or running")]
    [InlineData(QuotaLimit.QueueJobs, 10, 10, "queue normal of system hpc allows 10 jobs at once (maxJobs); it has 10 queued or running")]
    [InlineData(QuotaLimit.SystemUserJobs, 0, 0, "system hpc allows 0 jobs per user (maxSystemJobsPerUser); alice has 0 queued or running")]
    [InlineData(QuotaLimit.SystemJobs, 50, 51, "system hpc allows 50 jobs at once (maxSystemJobs); it has 51 queued or running")]
    public void The_message_names_the_limit_its_field_the_user_and_the_count(QuotaLimit limit, int max, int count, string expected)
    {
        var verdict = SubmissionQuotaRule.Decide(With(limit, max), Counting(limit, count), "alice");

        Assert.False(verdict.Allowed);
        Assert.Equal(expected, verdict.Message);
    }

    [Fact]
    public void Every_full_limit_is_named_most_specific_first()
    {
        var limits = new SubmissionLimits("hpc", "normal", MaxQueueUserJobs: 2, MaxQueueJobs: 4, MaxSystemUserJobs: 3, MaxSystemJobs: 10);

        var verdict = SubmissionQuotaRule.Decide(limits, new ActiveJobCounts(System: 10, SystemOfOwner: 3, Queue: 4, QueueOfOwner: 2), "bob");

        Assert.False(verdict.Allowed);
        Assert.Equal([QuotaLimit.QueueUserJobs, QuotaLimit.QueueJobs, QuotaLimit.SystemUserJobs, QuotaLimit.SystemJobs], verdict.Exceeded);
        Assert.Equal(
            "queue normal of system hpc allows 2 jobs per user (maxUserJobs); bob has 2 queued or running; " +
            "queue normal of system hpc allows 4 jobs at once (maxJobs); it has 4 queued or running; " +
            "system hpc allows 3 jobs per user (maxSystemJobsPerUser); bob has 3 queued or running; " +
            "system hpc allows 10 jobs at once (maxSystemJobs); it has 10 queued or running",
            verdict.Message);
    }

    [Fact]
    public void Only_the_full_limits_are_named()
    {
        var limits = new SubmissionLimits("hpc", "normal", MaxQueueUserJobs: 2, MaxQueueJobs: 4, MaxSystemUserJobs: 3, MaxSystemJobs: 10);

        var verdict = SubmissionQuotaRule.Decide(limits, new ActiveJobCounts(System: 9, SystemOfOwner: 3, Queue: 3, QueueOfOwner: 1), "bob");

        Assert.Equal([QuotaLimit.SystemUserJobs], verdict.Exceeded);
        Assert.Equal("system hpc allows 3 jobs per user (maxSystemJobsPerUser); bob has 3 queued or running", verdict.Message);
    }

    [Fact]
    public void A_job_with_room_everywhere_is_admitted_and_the_room_is_the_smallest_left()
    {
        var limits = new SubmissionLimits("hpc", "normal", MaxQueueUserJobs: 5, MaxQueueJobs: 4, MaxSystemUserJobs: 30, MaxSystemJobs: 100);
        var counts = new ActiveJobCounts(System: 90, SystemOfOwner: 2, Queue: 1, QueueOfOwner: 1);

        Assert.Equal(QuotaVerdict.Allow, SubmissionQuotaRule.Decide(limits, counts, "bob"));
        Assert.Equal(3, SubmissionQuotaRule.Room(limits, counts));
        Assert.Equal(0, SubmissionQuotaRule.Room(limits, counts with { Queue = 7 }));
    }

    [Fact]
    public void Without_a_queue_only_the_system_limits_apply()
    {
        // A system without queues (FORK), or a queue the system no longer declares: queue limits cannot be given.
        var limits = new SubmissionLimits("local", QueueName: null, MaxQueueUserJobs: 1, MaxQueueJobs: 1, MaxSystemUserJobs: 2, MaxSystemJobs: None);

        Assert.False(limits.IsUnlimited);
        Assert.True((limits with { MaxSystemUserJobs = None }).IsUnlimited);
        Assert.True(SubmissionQuotaRule.Decide(limits, new ActiveJobCounts(5, 1, 5, 5), "alice").Allowed);
        Assert.Equal(1, SubmissionQuotaRule.Room(limits, new ActiveJobCounts(5, 1, 5, 5)));
        var refused = SubmissionQuotaRule.Decide(limits, new ActiveJobCounts(5, 2, 0, 0), "alice");
        Assert.Equal([QuotaLimit.SystemUserJobs], refused.Exceeded);
        Assert.Equal("system local allows 2 jobs per user (maxSystemJobsPerUser); alice has 2 queued or running", refused.Message);
    }

    [Fact]
    public void Nothing_limits_a_system_without_limits()
    {
        var limits = new SubmissionLimits("hpc", "normal", None, None, None, -1);

        Assert.True(limits.IsUnlimited);
        Assert.True(SubmissionQuotaRule.Decide(limits, new ActiveJobCounts(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue), "alice").Allowed);
        Assert.Equal(None, SubmissionQuotaRule.Room(limits, ActiveJobCounts.None));
        Assert.False((limits with { MaxSystemJobs = 0 }).IsUnlimited);
    }

    /// <summary>Limits where only <paramref name="limit"/> is <paramref name="max"/>.</summary>
    private static SubmissionLimits With(QuotaLimit limit, int max) => new(
        "hpc", "normal",
        limit == QuotaLimit.QueueUserJobs ? max : None,
        limit == QuotaLimit.QueueJobs ? max : None,
        limit == QuotaLimit.SystemUserJobs ? max : None,
        limit == QuotaLimit.SystemJobs ? max : None);

    /// <summary>Counts consistent with each other (a scope holds at least the jobs of the scopes inside it), <paramref name="count"/> in <paramref name="limit"/>'s scope.</summary>
    private static ActiveJobCounts Counting(QuotaLimit limit, int count) => limit switch
    {
        QuotaLimit.QueueUserJobs => new ActiveJobCounts(count, count, count, count),
        QuotaLimit.QueueJobs => new ActiveJobCounts(count, 0, count, 0),
        QuotaLimit.SystemUserJobs => new ActiveJobCounts(count, count, 0, 0),
        _ => new ActiveJobCounts(count, 0, 0, 0),
    };
}
