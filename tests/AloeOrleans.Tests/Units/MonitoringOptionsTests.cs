using AloeOrleans.Grains.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Units;

/// <summary>The polling schedule (docs/lifecycle.md, "Monitoring and time limits").</summary>
public sealed class MonitoringOptionsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 10)]
    [InlineData(5, 10)]
    [InlineData(6, 60)]
    [InlineData(15, 60)]
    [InlineData(16, 180)]
    [InlineData(115, 180)]
    [InlineData(116, 300)]
    [InlineData(215, 300)]
    [InlineData(216, 600)]
    [InlineData(100_000, 600)]
    public void Default_steps_change_exactly_at_their_boundaries(int checksSoFar, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), new MonitoringOptions().NextDelay("any", checksSoFar));
    }

    [Fact]
    public void After_a_restart_the_step_follows_from_the_counts_of_successful_and_failed_checks()
    {
        var options = new MonitoringOptions();
        // 4 answered + 3 failed checks: 7 so far, i.e. past 1 × 1 s and 5 × 10 s, in the 1-minute step.
        const int remoteStatusChecks = 4;
        const int failedStatusChecks = 3;

        Assert.Equal(TimeSpan.FromMinutes(1), options.NextDelay("hpc", remoteStatusChecks + failedStatusChecks));
    }

    [Fact]
    public void A_system_with_its_own_steps_uses_them_and_others_keep_the_defaults()
    {
        var options = new MonitoringOptions
        {
            StepsBySystem = { ["local"] = [new() { Count = 2, Interval = TimeSpan.FromMilliseconds(100) }] },
            FinalInterval = TimeSpan.FromSeconds(30),
        };

        Assert.Equal(TimeSpan.FromMilliseconds(100), options.NextDelay("local", 0));
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.NextDelay("local", 1));
        Assert.Equal(TimeSpan.FromSeconds(30), options.NextDelay("local", 2));
        Assert.Equal(TimeSpan.FromSeconds(1), options.NextDelay("hpc", 0));
        Assert.Equal(TimeSpan.FromSeconds(10), options.NextDelay("hpc", 1));
    }

    [Fact]
    public void Bound_configuration_replaces_the_default_steps_and_sets_per_system_steps_and_the_final_interval()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Aloe:Monitoring:Steps:0:Count"] = "3",
            ["Aloe:Monitoring:Steps:0:Interval"] = "00:00:05",
            ["Aloe:Monitoring:FinalInterval"] = "00:02:00",
            ["Aloe:Monitoring:StepsBySystem:local:0:Count"] = "1",
            ["Aloe:Monitoring:StepsBySystem:local:0:Interval"] = "00:00:00.200",
        });

        Assert.Single(options.Steps!);
        Assert.Equal(TimeSpan.FromSeconds(5), options.NextDelay("hpc", 0));
        Assert.Equal(TimeSpan.FromSeconds(5), options.NextDelay("hpc", 2));
        Assert.Equal(TimeSpan.FromMinutes(2), options.NextDelay("hpc", 3));
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.NextDelay("local", 0));
        Assert.Equal(TimeSpan.FromMinutes(2), options.NextDelay("local", 1));
    }

    [Fact]
    public void Unconfigured_binding_keeps_the_defaults()
    {
        var options = Bind(new Dictionary<string, string?>());

        Assert.Null(options.Steps);
        Assert.Equal(TimeSpan.FromSeconds(1), options.NextDelay("hpc", 0));
        Assert.Equal(TimeSpan.FromMinutes(10), options.NextDelay("hpc", 216));
        Assert.Equal(5, MonitoringOptions.DefaultSteps.Count);
    }

    private static MonitoringOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.Configure<MonitoringOptions>(configuration.GetSection("Aloe:Monitoring"));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<MonitoringOptions>>().Value;
    }

    [Theory]
    [InlineData("2026-11-28T10:00:00.000Z", 1000, "2026-11-28T10:00:00.000Z")]
    [InlineData("2026-11-28T10:00:00.001Z", 1000, "2026-11-28T10:00:01.000Z")]
    [InlineData("2026-11-28T10:00:00.999Z", 1000, "2026-11-28T10:00:01.000Z")]
    [InlineData("2026-11-28T10:00:03.500Z", 10000, "2026-11-28T10:00:10.000Z")]
    [InlineData("2026-11-28T10:00:59.000Z", 60000, "2026-11-28T10:01:00.000Z")]
    public void Due_times_round_up_to_a_whole_interval(string due, int intervalMs, string expected) =>
        Assert.Equal(At(expected), MonitoringOptions.AlignToTick(At(due), TimeSpan.FromMilliseconds(intervalMs)));

    [Fact]
    public void Jobs_launched_at_different_moments_share_the_next_tick()
    {
        var interval = TimeSpan.FromSeconds(10);
        var start = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        var ticks = Enumerable.Range(0, 200)
            .Select(i => MonitoringOptions.AlignToTick(start.AddMilliseconds(i * 37) + interval, interval))
            .Distinct()
            .ToList();

        // 200 launches spread over 7.4 s fall on at most two tick instants, 10 s apart.
        Assert.InRange(ticks.Count, 1, 2);
        Assert.All(ticks, tick => Assert.Equal(0, tick.ToUnixTimeMilliseconds() % 10_000));
    }

    [Fact]
    public void A_zero_interval_is_not_rounded()
    {
        var due = new DateTimeOffset(2026, 11, 28, 10, 0, 0, 123, TimeSpan.Zero);
        Assert.Equal(due, MonitoringOptions.AlignToTick(due, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("2026-11-28T10:00:00.900Z", 1000, "2026-11-28T10:00:01.000Z")]
    [InlineData("2026-11-28T10:00:01.050Z", 1000, "2026-11-28T10:00:02.000Z")]
    [InlineData("2026-11-28T10:00:01.000Z", 1000, "2026-11-28T10:00:02.000Z")]
    [InlineData("2026-11-28T10:00:03.200Z", 10000, "2026-11-28T10:00:10.000Z")]
    public void The_next_check_is_the_first_tick_after_the_last(string lastCheck, int intervalMs, string expected) =>
        Assert.Equal(At(expected), MonitoringOptions.NextTick(At(lastCheck), TimeSpan.FromMilliseconds(intervalMs)));

    [Fact]
    public void Jobs_answered_on_either_side_of_a_boundary_meet_again_at_the_next_tick()
    {
        var interval = TimeSpan.FromSeconds(1);
        var tick = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        var early = MonitoringOptions.NextTick(tick.AddMilliseconds(700), interval);
        var late = MonitoringOptions.NextTick(tick.AddMilliseconds(1_050), interval);

        Assert.Equal(tick.AddSeconds(1), early);
        Assert.Equal(tick.AddSeconds(2), late);
        Assert.Equal(MonitoringOptions.NextTick(early.AddMilliseconds(300), interval), late);
    }

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
}
