using AloeOrleans.Grains.Search;
using Xunit;

namespace AloeOrleans.Tests.Search;

/// <summary>The generic search syntax over a small table with one field of each type.</summary>
public sealed class SearchTermParserTests
{
    private static readonly SearchFieldTable Fields = new("things",
    [
        new SearchField("name", SearchFieldType.Text),
        new SearchField("type", SearchFieldType.Word, ["EXECUTION", "STORAGE"]),
        new SearchField("count", SearchFieldType.Integer),
        new SearchField("size", SearchFieldType.Number),
        new SearchField("version", SearchFieldType.Version),
        new SearchField("public", SearchFieldType.Boolean),
        new SearchField("lastModified", SearchFieldType.Timestamp),
        new SearchField("tags", SearchFieldType.TextList),
        new SearchField("login.host", SearchFieldType.Text),
    ], new Dictionary<string, string> { ["lastUpdated"] = "lastModified" });

    [Theory]
    [InlineData("name", "wc", "name", SearchOperator.Eq)]
    [InlineData("NAME.EQ", "wc", "name", SearchOperator.Eq)]
    [InlineData("name.neq", "wc", "name", SearchOperator.Neq)]
    [InlineData("name.lt", "m", "name", SearchOperator.Lt)]
    [InlineData("name.like", "w*", "name", SearchOperator.Like)]
    [InlineData("name.nlike", "*x", "name", SearchOperator.Nlike)]
    [InlineData("type.in", "execution,STORAGE", "type", SearchOperator.In)]
    [InlineData("type.nin", "storage", "type", SearchOperator.Nin)]
    [InlineData("count.lte", "3", "count", SearchOperator.Lte)]
    [InlineData("count.gt", "-1", "count", SearchOperator.Gt)]
    [InlineData("size.gte", "1.5", "size", SearchOperator.Gte)]
    [InlineData("version.between", "1.0,1.10", "version", SearchOperator.Between)]
    [InlineData("public", "TRUE", "public", SearchOperator.Eq)]
    [InlineData("lastupdated.on", "2026-11-28", "lastModified", SearchOperator.On)]
    [InlineData("lastModified.before", "1700000000", "lastModified", SearchOperator.Before)]
    [InlineData("lastModified.after", "2026-11-28T07:55:22Z", "lastModified", SearchOperator.After)]
    [InlineData("tags", "demo", "tags", SearchOperator.Eq)]
    [InlineData("login.host", "h", "login.host", SearchOperator.Eq)]
    [InlineData("login.host.like", "h*", "login.host", SearchOperator.Like)]
    public void A_term_names_its_field_and_operator_in_any_case(string key, string value, string field, SearchOperator op)
    {
        var term = Single(key, value);

        Assert.Equal(field, term.Field.Name);
        Assert.Equal(op, term.Operator);
    }

    [Fact]
    public void Values_are_typed()
    {
        Assert.Equal(3, Single("count", "3").Value.Integer);
        Assert.Equal(1.5m, Single("size", "1.5").Value.Number);
        Assert.True(Single("public", "true").Value.Boolean);
        Assert.Equal("EXECUTION", Single("type", "execution").Value.Text);
        Assert.Equal([1L, 10L], Single("version", "1.10").Value.Version);
        Assert.Equal(["EXECUTION", "STORAGE"], Single("type.in", "execution,storage").Values.Select(value => value.Text));
        Assert.Equal("it's; DROP TABLE x --", Single("name", "it's; DROP TABLE x --").Value.Text);
    }

    [Theory]
    [InlineData("2026-11-28", "2026-11-28T00:00:00Z", "2026-11-29T00:00:00Z")]
    [InlineData("2026-11-28T07:55:22.123Z", "2026-11-28T07:55:22Z", "2026-11-28T07:55:23Z")]
    [InlineData("2026-11-28T07:55:22", "2026-11-28T07:55:22Z", "2026-11-28T07:55:23Z")]
    [InlineData("2026-11-28T08:55:22+01:00", "2026-11-28T07:55:22Z", "2026-11-28T07:55:23Z")]
    [InlineData("2026-11-28T08:55:22 01:00", "2026-11-28T07:55:22Z", "2026-11-28T07:55:23Z")]
    [InlineData("2026-11-28 07:55", "2026-11-28T07:55:00Z", "2026-11-28T07:55:01Z")]
    [InlineData("1764316522", "2025-11-28T07:55:22Z", "2025-11-28T07:55:23Z")]
    public void Dates_name_a_second_or_a_whole_day(string text, string from, string until)
    {
        var value = Single("lastModified", text).Value;

        Assert.Equal(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), value.From);
        Assert.Equal(DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture), value.Until);
    }

    [Theory]
    [InlineData("colour", "x", "'colour' is not a search field of things; use one of count, lastModified, lastUpdated, login.host, name, public, size, tags, type, version (any case).")]
    [InlineData("colour.like", "x", "'colour' is not a search field of things")]
    [InlineData("name.similar", "x", "'name.similar' is not a search field of things, and 'similar' is not a search operator")]
    [InlineData("count", "three", "count: 'three' is not an integer; count takes whole numbers.")]
    [InlineData("count", "1.5", "count: '1.5' is not an integer")]
    [InlineData("count", "99999999999999999999", "count: '99999999999999999999' is not an integer")]
    [InlineData("size", "big", "size: 'big' is not a number")]
    [InlineData("version", "v1", "version: 'v1' is not a version")]
    [InlineData("public", "yes", "public: 'yes' is not a boolean; public takes true or false.")]
    [InlineData("type", "CLOUD", "type: 'CLOUD' is not a value of type; use one of EXECUTION, STORAGE (any case).")]
    [InlineData("lastModified", "yesterday", "lastModified: 'yesterday' is not a date")]
    [InlineData("lastModified", "28/11/2026", "lastModified: '28/11/2026' is not a date")]
    [InlineData("lastModified", "2026-13-01", "lastModified: '2026-13-01' is not a date")]
    [InlineData("public.lt", "true", "public.lt: operator lt does not apply to public, a boolean field; use one of eq, neq.")]
    [InlineData("public.like", "t*", "public.like: operator like does not apply to public")]
    [InlineData("name.before", "2026-01-01", "name.before: operator before does not apply to name, a text field")]
    [InlineData("count.like", "1*", "count.like: operator like does not apply to count")]
    [InlineData("type.gt", "A", "type.gt: operator gt does not apply to type, a word field")]
    [InlineData("lastModified.between", "2026-01-01", "lastModified.between: between takes two values separated by a comma")]
    [InlineData("count.between", "5,1", "count.between: between takes the smaller value first")]
    [InlineData("count.in", "1,x", "count.in: 'x' is not an integer")]
    public void A_bad_term_is_refused_naming_the_parameter(string key, string value, string expected)
    {
        Assert.False(SearchTermParser.TryParse([KeyValuePair.Create(key, value)], Fields, out _, out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Terms_are_ANDed_and_a_repeated_key_is_two_terms()
    {
        Assert.True(SearchTermParser.TryParse(
            [KeyValuePair.Create("tags", "a"), KeyValuePair.Create("tags", "b"), KeyValuePair.Create("count.gt", "1")], Fields, out var terms, out _));
        Assert.Equal(3, terms.Count);
    }

    [Fact]
    public void Too_many_terms_values_or_characters_are_refused()
    {
        var many = Enumerable.Range(0, SearchTermParser.MaxTerms + 1).Select(i => KeyValuePair.Create("name", $"n{i}"));
        Assert.False(SearchTermParser.TryParse(many, Fields, out _, out var error));
        Assert.Contains($"At most {SearchTermParser.MaxTerms} search terms", error, StringComparison.Ordinal);

        var list = string.Join(',', Enumerable.Range(0, SearchTermParser.MaxListValues + 1));
        Assert.False(SearchTermParser.TryParse([KeyValuePair.Create("count.in", list)], Fields, out _, out error));
        Assert.Contains("at most 100 values", error, StringComparison.Ordinal);

        Assert.False(SearchTermParser.TryParse([KeyValuePair.Create("name", new string('x', 2000))], Fields, out _, out error));
        Assert.Contains("longer than 1024", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_never_repeats_control_characters_or_a_long_value()
    {
        Assert.False(SearchTermParser.TryParse([KeyValuePair.Create("bad\nkey" + new string('k', 200), "x")], Fields, out _, out var error));
        Assert.DoesNotContain('\n', error);
        Assert.True(error.Length < 400, error);
    }

    [Theory]
    [InlineData("wc", "wc", true)]
    [InlineData("wc", "w*", true)]
    [InlineData("wc", "*c", true)]
    [InlineData("wc", "*", true)]
    [InlineData("", "*", true)]
    [InlineData("wc", "W*", false)]
    [InlineData("word-count", "w*-*t", true)]
    [InlineData("word-count", "w*-*x", false)]
    [InlineData("a%b_c", "a%b_c", true)]
    [InlineData("axb", "a%b", false)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*a*a*a*a*a*c", false)]
    public void Wildcards_match_only_with_a_star(string text, string pattern, bool matches) =>
        Assert.Equal(matches, WildcardPattern.Matches(text, pattern));

    [Fact]
    public void A_pattern_becomes_an_escaped_sql_like() =>
        Assert.Equal(@"a\%b\_c\\d%", WildcardPattern.ToSqlLike(@"a%b_c\d*"));

    [Theory]
    [InlineData("1.10", "1.9", 1)]
    [InlineData("1.0", "1", 0)]
    [InlineData("2", "10", -1)]
    public void Versions_compare_number_by_number(string first, string second, int order)
    {
        Assert.True(SearchVersions.TryParse(first, out var a));
        Assert.True(SearchVersions.TryParse(second, out var b));
        Assert.Equal(order, Math.Sign(SearchVersions.Compare(a, b)));
    }

    private static SearchTerm Single(string key, string value)
    {
        Assert.True(SearchTermParser.TryParse([KeyValuePair.Create(key, value)], Fields, out var terms, out var error), error);
        return Assert.Single(terms);
    }
}
