using AloeOrleans.Grains.Events;
using Xunit;

namespace AloeOrleans.Tests.Notifications;

/// <summary>The event feed's cursor as SSE ids carry it: written and read back, anything else refused.</summary>
public sealed class JobEventCursorTests
{
    [Theory]
    [InlineData("0-0", 0UL, 0L)]
    [InlineData("1234-56", 1234UL, 56L)]
    [InlineData("18446744073709551615-9223372036854775807", ulong.MaxValue, long.MaxValue)]
    public void A_cursor_reads_back_as_written(string text, ulong transaction, long eventId)
    {
        Assert.True(JobEventCursor.TryParse(text, out var cursor));

        Assert.Equal(new JobEventCursor(transaction, eventId), cursor);
        Assert.Equal(text, cursor.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("17")]
    [InlineData("-1")]
    [InlineData("1-")]
    [InlineData("-")]
    [InlineData("1-x")]
    [InlineData("1--1")]
    [InlineData("+1-2")]
    [InlineData(" 1-2")]
    [InlineData("1-2 ")]
    [InlineData("18446744073709551616-1")]
    [InlineData("1-9223372036854775808")]
    public void Anything_else_is_refused(string? text)
    {
        Assert.False(JobEventCursor.TryParse(text, out _));
    }
}
