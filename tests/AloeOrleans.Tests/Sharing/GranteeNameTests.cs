using AloeOrleans.Grains.Sharing;
using Xunit;

namespace AloeOrleans.Tests.Sharing;

public sealed class GranteeNameTests
{
    [Theory]
    [InlineData("bob")]
    [InlineData("bob.smith@example.org")]
    [InlineData("x' OR '1'='1")]
    [InlineData("Ünïcode")]
    public void A_name_a_token_can_carry_is_accepted(string name)
    {
        Assert.True(GranteeName.TryValidate(name, "username", out var error), error);
    }

    [Fact]
    public void The_longest_name_a_column_holds_is_accepted_one_more_is_not()
    {
        Assert.True(GranteeName.TryValidate(new string('b', GranteeName.MaxLength), "username", out _));
        Assert.False(GranteeName.TryValidate(new string('b', GranteeName.MaxLength + 1), "username", out var error));
        Assert.Equal($"username has {GranteeName.MaxLength + 1} characters; a user name has at most {GranteeName.MaxLength}.", error);
    }

    [Theory]
    [InlineData(null, "username is required")]
    [InlineData("", "username is required")]
    [InlineData("  ", "username is required")]
    [InlineData(".", "is not a user name")]
    [InlineData("..", "is not a user name")]
    [InlineData("../bob", "is not a user name")]
    [InlineData("bob/x", "is not a user name")]
    [InlineData("a\\b", "is not a user name")]
    [InlineData("bob\n", "is not a user name")]
    [InlineData("b\0b", "is not a user name")]
    public void Hostile_or_empty_names_are_refused_naming_the_field(string? name, string expected)
    {
        Assert.False(GranteeName.TryValidate(name, "username", out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.StartsWith("username", error, StringComparison.Ordinal);
    }
}
