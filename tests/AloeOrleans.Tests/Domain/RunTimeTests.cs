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
}
