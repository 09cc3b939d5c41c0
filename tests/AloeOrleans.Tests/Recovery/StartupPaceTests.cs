using AloeOrleans.Grains.Recovery;
using Xunit;

namespace AloeOrleans.Tests.Recovery;

/// <summary>The start-up sweep's pace for jobs that wait (docs/lifecycle.md, "Crashes and restarts").</summary>
public sealed class StartupPaceTests
{
    [Fact]
    public void No_bound_means_no_wait() =>
        Assert.Equal(TimeSpan.Zero, JobRecoveryStartupTask.PaceDelay(100_000, 0, TimeSpan.Zero));

    [Fact]
    public void Resumes_ahead_of_the_rate_wait_for_the_time_they_are_due()
    {
        // 400 resumed at 200/s are due at 2 s; 0.5 s have passed.
        Assert.Equal(TimeSpan.FromSeconds(1.5), JobRecoveryStartupTask.PaceDelay(400, 200, TimeSpan.FromSeconds(0.5)));
    }

    [Fact]
    public void Resumes_behind_the_rate_go_on_at_once()
    {
        Assert.Equal(TimeSpan.Zero, JobRecoveryStartupTask.PaceDelay(400, 200, TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.Zero, JobRecoveryStartupTask.PaceDelay(0, 200, TimeSpan.Zero));
    }

    [Fact]
    public void A_whole_sweep_takes_its_count_over_the_rate()
    {
        // 100,000 waiting jobs at 200/s: the last slice is due after 500 s, not in the first seconds.
        Assert.Equal(TimeSpan.FromSeconds(500), JobRecoveryStartupTask.PaceDelay(100_000, 200, TimeSpan.Zero));
    }
}
