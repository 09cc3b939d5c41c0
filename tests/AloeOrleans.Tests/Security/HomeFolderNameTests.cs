using AloeOrleans.Grains.Security;
using Xunit;

namespace AloeOrleans.Tests.Security;

public sealed class HomeFolderNameTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("alice.smith@example.org")]
    [InlineData("a b")]
    [InlineData("...")]
    [InlineData(".alice")]
    [InlineData("Ünïcode")]
    public void One_folder_name_is_valid(string name) => Assert.True(HomeFolderName.IsValid(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("bob/x")]
    [InlineData("/alice")]
    [InlineData("alice/")]
    [InlineData("a\\b")]
    [InlineData("alice\n")]
    [InlineData("al\0ice")]
    [InlineData("\u007f")]
    public void Anything_that_is_not_exactly_one_folder_is_invalid(string? name) => Assert.False(HomeFolderName.IsValid(name));

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("/", new string[0])]
    [InlineData(".", new string[0])]
    [InlineData("/././/", new string[0])]
    [InlineData("alice", new[] { "alice" })]
    [InlineData("/alice//x/./y/", new[] { "alice", "x", "y" })]
    [InlineData("...", new[] { "..." })]
    public void Root_relative_paths_split_into_their_segments(string path, string[] expected)
    {
        Assert.True(RootRelativePath.TrySplit(path, out var segments, out _));
        Assert.Equal(expected, segments);
    }

    [Theory]
    [InlineData("a/../b", "it contains a '..' segment")]
    [InlineData("../a", "it contains a '..' segment")]
    [InlineData("a/b\r", "it contains control characters")]
    public void Root_relative_paths_that_could_leave_or_split_are_refused(string path, string problem)
    {
        Assert.False(RootRelativePath.TrySplit(path, out var segments, out var reason));
        Assert.Empty(segments);
        Assert.Equal(problem, reason);
    }

    [Theory]
    [InlineData("a/b/c", "a/b", true)]
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/bc", "a/b", false)]
    [InlineData("a", "a/b", false)]
    [InlineData("x", "", true)]
    public void Under_compares_whole_segments(string path, string folder, bool under)
    {
        RootRelativePath.TrySplit(path, out var pathSegments, out _);
        RootRelativePath.TrySplit(folder, out var folderSegments, out _);

        Assert.Equal(under, RootRelativePath.IsUnder(pathSegments, folderSegments));
    }
}
