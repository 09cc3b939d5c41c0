using AloeOrleans.Grains.Execution;
using Xunit;

namespace AloeOrleans.Tests.Units;

/// <summary>User-given paths never leave their system's root.</summary>
public sealed class SafePathTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _root;
    private readonly string _outside;

    public SafePathTests()
    {
        _root = _temp.Folder("root");
        _outside = _temp.Folder("outside");
        _temp.File("outside/secret.txt", "secret");
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("a/b/c.txt", "a/b/c.txt")]
    [InlineData("a//b/./c.txt", "a/b/c.txt")]
    [InlineData("a/b/", "a/b")]
    [InlineData("not-there-yet/deeper/file", "not-there-yet/deeper/file")]
    public void Nested_paths_resolve_under_the_root(string given, string expected)
    {
        Assert.Equal(Path.Combine(_root, expected), SafePath.Resolve(_root, given));
    }

    [Theory]
    [InlineData("/", "")]
    [InlineData("", "")]
    [InlineData("/a/b.txt", "a/b.txt")]
    [InlineData("/etc/passwd", "etc/passwd")]
    public void A_leading_slash_means_the_root_itself_so_absolute_paths_stay_inside(string given, string expected)
    {
        var resolved = SafePath.Resolve(_root, given);

        Assert.Equal(expected.Length == 0 ? _root : Path.Combine(_root, expected), resolved);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../outside/secret.txt")]
    [InlineData("a/../../outside")]
    [InlineData("a/../b")]
    [InlineData("/../etc/passwd")]
    [InlineData("a/b/..")]
    public void Dot_dot_segments_are_refused(string given)
    {
        var refused = Assert.Throws<PathOutsideRootException>(() => SafePath.Resolve(_root, given));
        Assert.Equal(given, refused.GivenPath);
        Assert.Contains("'..'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nul_character_is_refused()
    {
        Assert.Throws<PathOutsideRootException>(() => SafePath.Resolve(_root, "a\0b"));
    }

    [Fact]
    public void A_symlink_to_a_folder_outside_the_root_is_refused_for_itself_and_everything_below_it()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "escape"), _outside);

        Assert.Throws<PathOutsideRootException>(() => SafePath.Resolve(_root, "escape"));
        Assert.Throws<PathOutsideRootException>(() => SafePath.Resolve(_root, "escape/secret.txt"));
        Assert.Throws<PathOutsideRootException>(() => SafePath.Resolve(_root, "escape/new/file.txt"));
    }

    [Fact]
    public void A_symlinked_file_pointing_outside_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "secret-link"), Path.Combine(_outside, "secret.txt"));

        Assert.Throws<PathOutsideRootException>(() => SafePath.Resolve(_root, "secret-link"));
    }

    [Fact]
    public void A_dangling_symlink_pointing_outside_is_refused()
    {
        // Writing through it would create a file outside the root.
        File.CreateSymbolicLink(Path.Combine(_root, "dangling"), Path.Combine(_outside, "created-through-link.txt"));

        Assert.Throws<PathOutsideRootException>(() => SafePath.Resolve(_root, "dangling"));
    }

    [Fact]
    public void A_symlink_that_stays_inside_the_root_is_allowed()
    {
        var real = Directory.CreateDirectory(Path.Combine(_root, "real")).FullName;
        File.CreateSymbolicLink(Path.Combine(_root, "alias"), real);

        Assert.Equal(Path.Combine(_root, "alias", "file.txt"), SafePath.Resolve(_root, "alias/file.txt"));
    }

    [Fact]
    public void A_root_reached_through_a_symlink_still_works()
    {
        var linkedRoot = Path.Combine(_temp.Path, "linked-root");
        File.CreateSymbolicLink(linkedRoot, _root);
        Directory.CreateDirectory(Path.Combine(_root, "sub"));

        Assert.Equal(Path.Combine(linkedRoot, "sub", "x"), SafePath.Resolve(linkedRoot, "sub/x"));
        Assert.Throws<PathOutsideRootException>(() => SafePath.Resolve(linkedRoot, "../outside"));
    }

    [Fact]
    public void The_filesystem_root_as_a_system_root_allows_paths_below_it()
    {
        // A LOCAL system whose rootDir is "/" (common for Agave systems).
        Assert.Equal("/tmp/x", SafePath.Resolve("/", "tmp/x"));
        Assert.Equal("/", SafePath.Resolve("/", "/"));
    }

    [Theory]
    [InlineData("/data/root", "/data/root", true)]
    [InlineData("/data/root", "/data/root/a", true)]
    [InlineData("/data/root/", "/data/root/a", true)]
    [InlineData("/data/root", "/data/rootless", false)]
    [InlineData("/data/root", "/data", false)]
    [InlineData("/", "/anything", true)]
    public void Is_under_compares_whole_segments(string root, string path, bool expected)
    {
        Assert.Equal(expected, SafePath.IsUnder(root, path));
    }
}
