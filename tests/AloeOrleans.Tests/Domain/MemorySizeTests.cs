using AloeOrleans.Grains.Submission;
using Xunit;

namespace AloeOrleans.Tests.Domain;

public sealed class MemorySizeTests
{
    [Theory]
    [InlineData("5", 5.0)]
    [InlineData("1.5GB", 1.5)]
    [InlineData("200MB", 0.1953125)]
    [InlineData("1024MB", 1.0)]
    [InlineData("1TB", 1024.0)]
    [InlineData("1048576KB", 1.0)]
    [InlineData("2gb", 2.0)]
    [InlineData("2 Gb", 2.0)]
    [InlineData(".5", 0.5)]
    public void Reads_number_and_binary_unit_as_gigabytes(string text, double expectedGb)
    {
        Assert.True(MemorySize.TryParseGb(text, out var gb, out var error), error);
        Assert.Equal(expectedGb, gb, precision: 12);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0MB")]
    [InlineData("-1GB")]
    [InlineData("5XB")]
    [InlineData("GB")]
    [InlineData("")]
    [InlineData("1e3")]
    [InlineData("1.2.3GB")]
    [InlineData("1,5GB")]
    [InlineData("Infinity")]
    [InlineData("5 GB extra")]
    public void Rejects_what_is_not_a_positive_number_with_a_known_unit(string text)
    {
        Assert.False(MemorySize.TryParseGb(text, out var gb, out var error));
        Assert.Equal(0, gb);
        Assert.NotEmpty(error);
    }
}
