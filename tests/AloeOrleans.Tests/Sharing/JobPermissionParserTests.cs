using AloeOrleans.Grains.Sharing;
using Xunit;

namespace AloeOrleans.Tests.Sharing;

public sealed class JobPermissionParserTests
{
    [Theory]
    [InlineData("READ", true, false)]
    [InlineData("read", true, false)]
    [InlineData(" Read ", true, false)]
    [InlineData("WRITE", true, true)]
    [InlineData("write", true, true)]
    [InlineData("READ_WRITE", true, true)]
    [InlineData("read_write", true, true)]
    [InlineData("ALL", true, true)]
    [InlineData("All", true, true)]
    [InlineData("NONE", false, false)]
    [InlineData("none", false, false)]
    [InlineData("", false, false)]
    [InlineData("   ", false, false)]
    public void Every_legacy_value_in_any_case_is_read_and_write_includes_read(string text, bool read, bool write)
    {
        Assert.True(JobPermissionParser.TryParse(text, out var permission, out var error), error);
        Assert.Equal((read, write), (permission.Read, permission.Write));
    }

    [Theory]
    [InlineData("EXECUTE")]
    [InlineData("READ_EXECUTE")]
    [InlineData("OWNER")]
    [InlineData("null")]
    [InlineData("READ,WRITE")]
    [InlineData("READ WRITE")]
    [InlineData("' OR '1'='1")]
    [InlineData("../READ")]
    [InlineData("RE\u0000AD")]
    public void Anything_else_is_refused_listing_the_allowed_values(string text)
    {
        Assert.False(JobPermissionParser.TryParse(text, out _, out var error));
        Assert.StartsWith("permission must be one of READ, WRITE, READ_WRITE, ALL, NONE", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_permission_is_refused_naming_the_field()
    {
        Assert.False(JobPermissionParser.TryParse(null, out _, out var error));
        Assert.StartsWith("permission is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_value_is_quoted_short()
    {
        Assert.False(JobPermissionParser.TryParse(new string('x', 100_000), out _, out var error));
        Assert.True(error.Length < 300, $"message of {error.Length} characters");
    }

    [Fact]
    public void Stored_flags_read_back_with_write_implying_read_and_names_follow()
    {
        Assert.Same(JobPermission.None, JobPermission.From(read: false, write: false));
        Assert.Same(JobPermission.ReadOnly, JobPermission.From(read: true, write: false));
        Assert.Same(JobPermission.ReadWrite, JobPermission.From(read: true, write: true));
        Assert.Same(JobPermission.ReadWrite, JobPermission.From(read: false, write: true));
        Assert.Equal(["NONE", "READ", "READ_WRITE"], [JobPermission.None.Name, JobPermission.ReadOnly.Name, JobPermission.ReadWrite.Name]);
    }
}
