using AloeOrleans.Grains.Execution;
using Xunit;

namespace AloeOrleans.Tests.Domain;

public sealed class ShellQuotingTests
{
    private const string Marker = "{MARKER}";

    public static TheoryData<string> NastyValues() =>
    [
        $"$(touch {Marker}); x'\"",
        $"`touch {Marker}`",
        $"'; touch {Marker}; echo '",
        $"\"; touch {Marker}; echo \"",
        $"line1\ntouch {Marker}\nline3",
        $"a && touch {Marker} || true",
        "*",
        "",
        "'",
        "''",
        "\\",
        "a  b\tc",
        "-n",
        "%s %d",
        "$HOME ${HOME} !!",
        "héllo ✓ 日本語 😀",
        "\r\n trailing newline\n",
    ];

    [Theory]
    [MemberData(nameof(NastyValues))]
    public void Value_reaches_the_shell_unchanged_and_runs_nothing(string template)
    {
        var marker = Path.Combine(Path.GetTempPath(), $"aloe-pwned-{Guid.NewGuid():N}");
        var value = template.Replace(Marker, marker, StringComparison.Ordinal);

        var printed = PosixShell.Run($"printf %s {ShellQuoting.Quote(value)}");

        Assert.Equal(value, printed);
        Assert.False(File.Exists(marker), "a quoted value ran a command");
    }

    [Fact]
    public void Empty_string_becomes_an_empty_word()
    {
        Assert.Equal("''", ShellQuoting.Quote(""));
    }

    [Fact]
    public void Single_quote_is_closed_escaped_and_reopened()
    {
        Assert.Equal(@"'it'\''s'", ShellQuoting.Quote("it's"));
    }

    [Fact]
    public void Value_with_nul_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ShellQuoting.Quote("a\0b"));
    }
}
