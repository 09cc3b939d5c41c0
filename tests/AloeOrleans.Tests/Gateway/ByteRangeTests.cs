using AloeOrleans.Gateway.Jobs;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

/// <summary>The one Range a download honours: what is served, what is ignored (whole file) and what is unsatisfiable.</summary>
public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-0", 100, 0, 0)]
    [InlineData("bytes=0-99", 100, 0, 99)]
    [InlineData("bytes=10-19", 100, 10, 19)]
    [InlineData("bytes=90-500", 100, 90, 99)]
    [InlineData("bytes=99-", 100, 99, 99)]
    [InlineData("bytes=0-", 100, 0, 99)]
    [InlineData("bytes=-10", 100, 90, 99)]
    [InlineData("bytes=-1000", 100, 0, 99)]
    [InlineData("BYTES=5-6", 100, 5, 6)]
    [InlineData("  bytes= 5 - 6 ", 100, 5, 6)]
    [InlineData("bytes=0-9223372036854775807", 7, 0, 6)]
    public void A_satisfiable_range_is_bounded_by_the_length(string header, long length, long first, long last)
    {
        var range = ByteRange.Parse(header, length);

        Assert.Equal(ByteRangeKind.Partial, range.Kind);
        Assert.Equal((first, last), (range.First, range.Last));
        Assert.Equal(last - first + 1, range.Count(length));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("items=0-5")]
    [InlineData("bytes=")]
    [InlineData("bytes=5")]
    [InlineData("bytes=-")]
    [InlineData("bytes=0-5,10-15")]
    [InlineData("bytes=6-5")]
    [InlineData("bytes=a-5")]
    [InlineData("bytes=0-b")]
    [InlineData("bytes=+1-5")]
    [InlineData("bytes=1 2-5")]
    [InlineData("bytes=-+5")]
    [InlineData("bytes=99999999999999999999-")]
    [InlineData("bytes=٣-5")]
    public void A_malformed_or_multiple_range_serves_the_whole_file(string? header)
    {
        var range = ByteRange.Parse(header, 100);

        Assert.Equal(ByteRangeKind.Whole, range.Kind);
        Assert.Equal(100, range.Count(100));
    }

    [Theory]
    [InlineData("bytes=100-", 100)]
    [InlineData("bytes=100-200", 100)]
    [InlineData("bytes=5000-", 100)]
    [InlineData("bytes=-0", 100)]
    [InlineData("bytes=0-", 0)]
    [InlineData("bytes=-5", 0)]
    public void A_range_past_the_end_or_of_nothing_is_unsatisfiable(string header, long length)
    {
        Assert.Equal(ByteRangeKind.Unsatisfiable, ByteRange.Parse(header, length).Kind);
    }

    [Fact]
    public void A_negative_length_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteRange.Parse("bytes=0-1", -1));
    }
}
