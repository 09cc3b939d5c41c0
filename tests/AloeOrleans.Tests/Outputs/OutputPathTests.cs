using AloeOrleans.Grains.Outputs;
using Xunit;

namespace AloeOrleans.Tests.Outputs;

/// <summary>Paths inside a job's output folder: normalised segments, and nothing that could name a file above it.</summary>
public sealed class OutputPathTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("/", "")]
    [InlineData(".", "")]
    [InlineData("./", "")]
    [InlineData("out.txt", "out.txt")]
    [InlineData("/out.txt", "out.txt")]
    [InlineData("a//b/./c/", "a|b|c")]
    [InlineData("...", "...")]
    [InlineData("..a/b..", "..a|b..")]
    [InlineData("a b/ü.dat", "a b|ü.dat")]
    [InlineData("a\\..\\b", "a\\..\\b")]
    public void A_path_becomes_its_segments(string? path, string expected)
    {
        Assert.True(OutputPath.TryNormalize(path, out var segments, out var error), error);

        Assert.Equal(expected, string.Join("|", segments));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("a/..")]
    [InlineData("/../")]
    [InlineData("./..")]
    public void A_dot_dot_segment_is_refused_naming_the_rule(string path)
    {
        Assert.False(OutputPath.TryNormalize(path, out _, out var error));

        Assert.Contains("'..'", error, StringComparison.Ordinal);
        Assert.Contains("inside the job's output folder", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\0b")]
    [InlineData("a/b\nc")]
    [InlineData("\u007f")]
    [InlineData("x\u0085y")]
    public void A_control_character_is_refused(string path)
    {
        Assert.False(OutputPath.TryNormalize(path, out _, out var error));

        Assert.Contains("control character", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_refused_path_is_shortened_in_the_message()
    {
        var path = "../" + new string('x', 500);

        Assert.False(OutputPath.TryNormalize(path, out _, out var error));

        Assert.Contains("…", error, StringComparison.Ordinal);
        Assert.True(error.Length < 200, error);
    }
}
