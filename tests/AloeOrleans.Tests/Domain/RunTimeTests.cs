using AloeOrleans.Grains.Submission;
using Xunit;

namespace AloeOrleans.Tests.Domain;

public sealed class RunTimeTests
{
    [Theory]
    [InlineData("01:00:00", 1.0)]
    [InlineData("48:30:00", 48.5)]
    [InlineData("00:00:36", 0.01)]
    [InlineData("0:15:00", 0.25)]
    [InlineData("100:59:59", 100 + (59 / 60.0) + (59 / 3600.0))]
    public void Reads_hours_minutes_seconds_with_hours_beyond_24(string text, double expectedHours)
    {
        Assert.True(RunTime.TryParseHours(text, out var hours, out var error), error);
        Assert.Equal(expectedHours, hours, precision: 9);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("01:60:00")]
    [InlineData("01:00:60")]
    [InlineData("01:00")]
    [InlineData("-1:00:00")]
    [InlineData("1.5:00:00")]
    [InlineData("01:00:00 ")]
    [InlineData("1:5:00")]
    [InlineData("abc")]
    [InlineData("")]
    public void Rejects_what_is_not_a_positive_HH_mm_ss(string text)
    {
        Assert.False(RunTime.TryParseHours(text, out var hours, out var error));
        Assert.Equal(0, hours);
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData(1.0, 3600)]
    [InlineData(0.5, 1800)]
    [InlineData(168.0, 168 * 3600)]
    public void Hours_convert_to_a_time_span(double hours, long seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RunTime.ToTimeSpan(hours));

    [Theory]
    [InlineData(1e9)]
    [InlineData(99999999999999.0)]
    [InlineData(double.MaxValue)]
    [InlineData(double.PositiveInfinity)]
    public void Huge_hours_saturate_instead_of_overflowing(double hours)
    {
        var time = RunTime.ToTimeSpan(hours);

        Assert.Equal(RunTime.Longest, time);
        Assert.True(time + TimeSpan.FromDays(365) > time, "the saturated limit leaves room for a grace period");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Nothing_or_nonsense_converts_to_zero(double hours) => Assert.Equal(TimeSpan.Zero, RunTime.ToTimeSpan(hours));

    [Theory]
    [InlineData(0, "00:00:00")]
    [InlineData(3599, "00:59:59")]
    [InlineData(7 * 24 * 3600, "168:00:00")]
    [InlineData(36 * 3600 + 5 * 60 + 7, "36:05:07")]
    public void Formats_as_hours_minutes_seconds(long seconds, string expected) =>
        Assert.Equal(expected, RunTime.Format(TimeSpan.FromSeconds(seconds)));
}
