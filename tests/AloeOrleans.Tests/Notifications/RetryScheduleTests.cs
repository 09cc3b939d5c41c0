using AloeOrleans.Grains.Notifications;
using Xunit;

namespace AloeOrleans.Tests.Notifications;

/// <summary>The wait before each retry under each strategy, and where the retries stop.</summary>
public sealed class RetryScheduleTests
{
    [Fact]
    public void None_never_retries()
    {
        var policy = new NotificationPolicy { RetryStrategy = RetryStrategy.NONE, RetryLimit = 10 };

        Assert.Null(RetrySchedule.NextDelay(policy, 1));
    }

    [Fact]
    public void Immediate_retries_at_once_up_to_the_limit()
    {
        var policy = new NotificationPolicy { RetryStrategy = RetryStrategy.IMMEDIATE, RetryLimit = 3 };

        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, null], Enumerable.Range(1, 4).Select(tries => RetrySchedule.NextDelay(policy, tries)));
    }

    [Fact]
    public void Delayed_waits_the_rate_each_time()
    {
        var policy = new NotificationPolicy { RetryStrategy = RetryStrategy.DELAYED, RetryLimit = 2, RetryRate = 7 };

        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7), null], Enumerable.Range(1, 3).Select(tries => RetrySchedule.NextDelay(policy, tries)));
    }

    [Fact]
    public void Exponential_waits_5_15_60_900_then_3600_seconds()
    {
        var policy = new NotificationPolicy { RetryStrategy = RetryStrategy.EXPONENTIAL, RetryLimit = 7 };

        var seconds = Enumerable.Range(1, 8).Select(tries => RetrySchedule.NextDelay(policy, tries)?.TotalSeconds).ToArray();

        Assert.Equal([5, 15, 60, 900, 3600, 3600, 3600, null], seconds);
    }

    [Fact]
    public void A_limit_of_zero_means_one_try()
    {
        var policy = new NotificationPolicy { RetryStrategy = RetryStrategy.DELAYED, RetryLimit = 0 };

        Assert.Null(RetrySchedule.NextDelay(policy, 1));
    }

    [Fact]
    public void The_defaults_are_agaves()
    {
        var policy = NotificationPolicy.Default;

        Assert.Equal((RetryStrategy.IMMEDIATE, 5, 5, 0, true), (policy.RetryStrategy, policy.RetryLimit, policy.RetryRate, policy.RetryDelay, policy.SaveOnFailure));
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrySchedule.NextDelay(policy, 0));
    }
}
