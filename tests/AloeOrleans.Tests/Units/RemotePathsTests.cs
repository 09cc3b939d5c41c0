using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using Xunit;

namespace AloeOrleans.Tests.Units;

/// <summary>Lexical POSIX paths for remote hosts: nothing given by a user leaves the root.</summary>
public sealed class RemotePathsTests
{
    [Theory]
    [InlineData("/home/u/root", "a/b.txt", "/home/u/root/a/b.txt")]
    [InlineData("/home/u/root/", "/a//b.txt", "/home/u/root/a/b.txt")]
    [InlineData("/home/u/root", "./a/./b", "/home/u/root/a/b")]
    [InlineData("/home/u/root", "", "/home/u/root")]
    [InlineData("/home/u/root", "/", "/home/u/root")]
    [InlineData("/", "etc/x", "/etc/x")]
    [InlineData("//scratch//", "job", "/scratch/job")]
    [InlineData("/r", "a b/$(x)'", "/r/a b/$(x)'")]
    public void Paths_resolve_under_the_root(string root, string relative, string expected) =>
        Assert.Equal(expected, RemotePaths.Resolve(root, relative));

    [Theory]
    [InlineData("..")]
    [InlineData("../etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("/a/..")]
    [InlineData("a/b/..")]
    public void A_parent_segment_is_refused(string relative)
    {
        var error = Assert.Throws<PathOutsideRootException>(() => RemotePaths.Resolve("/home/u", relative));
        Assert.Contains("..", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nul_character_is_refused() =>
        Assert.Throws<PathOutsideRootException>(() => RemotePaths.Resolve("/home/u", "a\0b"));

    [Fact]
    public void A_relative_root_is_a_programming_error() =>
        Assert.Throws<ArgumentException>(() => RemotePaths.Resolve("home/u", "a"));

    [Fact]
    public void Paths_below_the_root_are_listed_from_the_top_down() =>
        Assert.Equal(["/r/a", "/r/a/b", "/r/a/b/c.txt"], RemotePaths.PathsBelow("/r/", "/r/a/b/c.txt"));

    [Fact]
    public void The_root_itself_has_nothing_below_it() => Assert.Empty(RemotePaths.PathsBelow("/r", "/r"));

    [Theory]
    [InlineData("/a", "b", "/a/b")]
    [InlineData("/", "b", "/b")]
    [InlineData("/a", "", "/a")]
    public void Join_puts_one_separator_between(string directory, string relative, string expected) =>
        Assert.Equal(expected, RemotePaths.Join(directory, relative));
}
