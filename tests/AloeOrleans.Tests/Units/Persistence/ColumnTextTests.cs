using System.Text;
using AloeOrleans.Grains.Persistence;
using Xunit;

namespace AloeOrleans.Tests.Units.Persistence;

public sealed class ColumnTextTests
{
    private const string Emoji = "\U0001F600";
    private const char High = '\uD83D';
    private const char Low = '\uDE00';

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("exactly twenty chars")]
    public void Text_that_fits_is_unchanged(string text) => Assert.Same(text, ColumnText.Fit(text, 20));

    [Fact]
    public void Longer_text_is_cut_to_the_column_and_marked()
    {
        var fitted = ColumnText.Fit(new string('x', 10_000), 2048);

        Assert.Equal(2048, fitted.Length);
        Assert.Equal(new string('x', 2048 - ColumnText.CutMarker.Length) + ColumnText.CutMarker, fitted);
    }

    [Fact]
    public void One_character_over_is_cut()
    {
        var fitted = ColumnText.Fit(new string('x', 21), 20);

        Assert.Equal(20, fitted.Length);
        Assert.EndsWith(ColumnText.CutMarker, fitted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_surrogate_pair_at_the_cut_is_never_split(int padding)
    {
        var text = new string('x', padding) + string.Concat(Enumerable.Repeat(Emoji, 100));

        var fitted = ColumnText.Fit(text, 41);

        Assert.True(fitted.Length <= 41, $"{fitted.Length} code units");
        Assert.EndsWith(ColumnText.CutMarker, fitted, StringComparison.Ordinal);
        AssertValidUtf16(fitted);
    }

    [Fact]
    public void Nul_becomes_the_replacement_character()
    {
        Assert.Equal("a\uFFFDb\uFFFD", ColumnText.Fit("a\0b\0", 20));
    }

    // Built in code: an attribute argument cannot carry an unpaired surrogate. Each case is named, because xunit
    // cannot tell the texts apart when it names the cases.
    public static TheoryData<string, string, string> UnpairedSurrogates() => new()
    {
        { "high alone", "a" + High + "b", "a\uFFFDb" },
        { "low alone", "a" + Low + "b", "a\uFFFDb" },
        { "low before high", "a" + Low + High, "a\uFFFD\uFFFD" },
        { "high at the end", High.ToString(), "\uFFFD" },
    };

    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public void An_unpaired_surrogate_becomes_the_replacement_character(string what, string text, string expected)
    {
        var fitted = ColumnText.Fit(text, 20);

        Assert.True(fitted == expected, $"{what}: got {string.Join(" ", fitted.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)))}");
    }

    [Fact]
    public void Paired_surrogates_and_other_text_are_kept()
    {
        var text = $"zürich {Emoji} 東京\t\n";

        Assert.Equal(text, ColumnText.Fit(text, 40));
    }

    [Fact]
    public void Replacement_happens_before_the_cut()
    {
        var fitted = ColumnText.Fit(new string('\0', 50), 20);

        Assert.Equal(new string('\uFFFD', 20 - ColumnText.CutMarker.Length) + ColumnText.CutMarker, fitted);
    }

    [Fact]
    public void A_column_shorter_than_the_marker_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ColumnText.Fit("text", ColumnText.CutMarker.Length));
    }

    private static void AssertValidUtf16(string text) =>
        Assert.Equal(text, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(text)));
}
