using AloeOrleans.Grains.Queues.Filters;
using Xunit;

namespace AloeOrleans.Tests.Queues;

/// <summary>
/// The queue filter language (docs/queues.md, "Queue filters"): evaluation of valid filters against a job's properties
/// (precedence, three-valued logic with NULL, LIKE with ESCAPE, IN, BETWEEN, IS NULL, arithmetic), and the errors of
/// invalid ones with their positions.
/// </summary>
public sealed class QueueFilterTests
{
    /// <summary>A job: 4 nodes of 8 processors, app namd-2.14 by alice, no remote queue (NULL), submitted at 14:00 on a Tuesday.</summary>
    private static readonly Dictionary<string, object?> Job = new(StringComparer.Ordinal)
    {
        ["tenant"] = "dev",
        ["owner"] = "alice",
        ["name"] = "sweep_1%done",
        ["appId"] = "namd-2.14",
        ["systemId"] = "stampede",
        ["archive"] = true,
        ["archiveSystem"] = "storage.example",
        ["nodeCount"] = 4,
        ["processorsPerNode"] = 32,
        ["processorsOnEachNode"] = 8,
        ["memoryPerNode"] = 1.5,
        ["maxHours"] = 2.0,
        ["remoteQueue"] = null,
        ["roles"] = "Internal/everyone",
        ["hour"] = 14,
        ["dayOfWeek"] = 2,
    };

    public static TheoryData<string, bool?> Evaluations() => new()
    {
        // comparisons
        { "nodeCount = 4", true }, { "nodeCount <> 4", false }, { "nodeCount > 1", true }, { "nodeCount >= 4", true }, { "nodeCount < 4", false },
        { "nodeCount <= 3", false }, { "4 = nodeCount", true }, { "memoryPerNode = 1.5", true }, { "memoryPerNode > 1.25", true },
        { "maxHours = 2", true }, { "processorsPerNode = nodeCount * processorsOnEachNode", true }, { "owner = 'alice'", true },
        { "owner = 'Alice'", false }, { "owner <> 'bob'", true }, { "archive = TRUE", true }, { "archive <> true", false },
        { "archive = false", false }, { "TRUE", true }, { "FALSE", false }, { "true = true", true }, { "'a' = 'a'", true },
        { "1 = 1.0", true }, { "1e1 = 10", true }, { ".5 = 0.5", true }, { "2.5E-1 = 0.25", true },
        // keywords in any case
        { "owner = 'alice' and nodeCount > 1", true }, { "Owner2 IS NULL or true", true }, { "NoT archive", false },
        // precedence: AND before OR, NOT before AND, arithmetic before comparison
        { "owner = 'bob' AND nodeCount > 1 OR appId LIKE 'namd-%'", true },
        { "appId LIKE 'namd-%' AND nodeCount > 4 OR owner IN ('alice','bob')", true },
        { "owner = 'bob' AND (nodeCount > 1 OR appId LIKE 'namd-%')", false },
        { "NOT owner = 'bob' AND archive", true }, { "NOT (owner = 'alice' AND archive)", false }, { "NOT NOT archive", true },
        { "1 + 2 * 3 = 7", true }, { "(1 + 2) * 3 = 9", true }, { "10 - 4 - 3 = 3", true }, { "12 / 2 / 3 = 2", true },
        { "-nodeCount = -4", true }, { "- -4 = 4", true }, { "+4 = 4", true }, { "2 * -3 = -6", true }, { "7 / 2 = 3.5", true },
        { "nodeCount * processorsOnEachNode > 16", true },
        // LIKE
        { "appId LIKE 'namd-%'", true }, { "appId LIKE 'namd'", false }, { "appId LIKE '%2.14'", true }, { "appId LIKE 'namd-_.__'", true },
        { "appId LIKE 'namd-_._'", false }, { "appId LIKE '%'", true }, { "appId NOT LIKE 'namd-%'", false }, { "appId LIKE 'NAMD-%'", false },
        { "name LIKE 'sweep\\_1\\%done' ESCAPE '\\'", true }, { "name LIKE 'sweepx1%' ESCAPE '\\'", false }, { "name LIKE 'sweep!_%' ESCAPE '!'", true },
        { "name LIKE 'sweep_1!%done' ESCAPE '!'", true }, { "name LIKE 'sweep_1!%' ESCAPE '!'", false }, { "appId LIKE 'namd-2.1_'", true },
        { "appId LIKE 'namd-2(14'", false }, { "'a.b' LIKE 'a.b'", true }, { "'axb' LIKE 'a.b'", false }, { "'it''s' LIKE 'it''%'", true },
        { "'[x]' LIKE '[x]'", true }, { "'x' LIKE '[x]'", false }, { "'a\nb' LIKE 'a%b'", true },
        // IN
        { "owner IN ('alice', 'bob')", true }, { "owner IN ('bob')", false }, { "owner NOT IN ('bob', 'carol')", true }, { "owner NOT IN ('alice')", false },
        { "nodeCount IN (1, 2, 4)", true }, { "nodeCount IN (1, 2)", false }, { "nodeCount NOT IN (-4, 3)", true }, { "-nodeCount IN (-4)", true },
        // BETWEEN
        { "nodeCount BETWEEN 2 AND 8", true }, { "nodeCount BETWEEN 4 AND 4", true }, { "nodeCount BETWEEN 5 AND 8", false },
        { "nodeCount NOT BETWEEN 5 AND 8", true }, { "hour BETWEEN 9 AND 17", true }, { "hour NOT BETWEEN 9 AND 17", false },
        { "nodeCount BETWEEN 1 + 1 AND 2 * 2", true }, { "nodeCount BETWEEN 8 AND 2", false },
        { "hour BETWEEN 9 AND 17 AND dayOfWeek BETWEEN 1 AND 5", true },
        // IS NULL
        { "remoteQueue IS NULL", true }, { "remoteQueue IS NOT NULL", false }, { "owner IS NULL", false }, { "owner IS NOT NULL", true },
        { "NULL IS NULL", true }, { "nodeCount + remoteQueueLength IS NULL", true },
        // NULL and unknown
        { "remoteQueue = 'normal'", null }, { "remoteQueue <> 'normal'", null }, { "NOT remoteQueue = 'normal'", null },
        { "remoteQueue LIKE 'n%'", null }, { "remoteQueue NOT LIKE 'n%'", null }, { "remoteQueue IN ('normal')", null },
        { "remoteQueue NOT IN ('normal')", null }, { "nodeCount = NULL", null }, { "NULL = NULL", null }, { "NULL", null },
        { "remoteQueueLength > 1", null }, { "remoteQueueLength BETWEEN 1 AND 2", null }, { "nodeCount BETWEEN NULL AND 8", null },
        { "nodeCount BETWEEN NULL AND 2", false }, { "nodeCount NOT BETWEEN NULL AND 2", true }, { "nodeCount + NULL = 4", null },
        { "-remoteQueueLength = 1", null },
        // three-valued AND / OR
        { "remoteQueue = 'x' AND FALSE", false }, { "FALSE AND remoteQueue = 'x'", false }, { "remoteQueue = 'x' AND TRUE", null },
        { "remoteQueue = 'x' OR TRUE", true }, { "TRUE OR remoteQueue = 'x'", true }, { "remoteQueue = 'x' OR FALSE", null },
        { "remoteQueue = 'x' OR remoteQueue = 'y'", null }, { "remoteQueue = 'x' AND remoteQueue = 'y'", null },
        { "(remoteQueue = 'x' OR TRUE) AND archive", true },
        // time of day and day of week
        { "hour >= 18 OR hour < 6", false }, { "dayOfWeek = 0 OR dayOfWeek = 6", false }, { "dayOfWeek IN (1, 2, 3, 4, 5)", true },
        // every property readable
        { "tenant = 'dev'", true }, { "systemId = 'stampede'", true }, { "archiveSystem = 'storage.example'", true },
        { "roles LIKE '%everyone'", true }, { "name <> ''", true },
    };

    [Theory]
    [MemberData(nameof(Evaluations))]
    public void A_filter_evaluates_as_sql_would(string filter, bool? expected)
    {
        var properties = new Dictionary<string, FilterType>(QueueFilterProperties.Types) { ["remoteQueueLength"] = FilterType.Number, ["Owner2"] = FilterType.String };

        var parsed = QueueFilter.Parse(filter, properties);

        Assert.Equal(expected, parsed.Evaluate(Job));
        Assert.Equal(expected == true, parsed.Matches(Job, out var failure));
        Assert.Null(failure);
    }

    [Theory]
    [InlineData("TRUE", "TRUE", "TRUE", true, true)]
    [InlineData("TRUE", "FALSE", null, false, true)]
    [InlineData("TRUE", "NULL = 1", null, null, true)]
    [InlineData("FALSE", "FALSE", null, false, false)]
    [InlineData("FALSE", "NULL = 1", null, false, null)]
    [InlineData("NULL = 1", "NULL = 1", null, null, null)]
    public void And_and_or_follow_the_truth_tables_both_ways(string left, string right, string? unused, bool? and, bool? or)
    {
        _ = unused;
        foreach (var (a, b) in new[] { (left, right), (right, left) })
        {
            Assert.Equal(and, QueueFilter.Parse($"({a}) AND ({b})").Evaluate(Job));
            Assert.Equal(or, QueueFilter.Parse($"({a}) OR ({b})").Evaluate(Job));
        }
    }

    [Theory]
    [InlineData("nodeCount / 0 = 1")]
    [InlineData("nodeCount / (hour - 14) > 0")]
    public void Dividing_by_zero_fails_the_evaluation_and_the_filter_does_not_match(string filter)
    {
        var parsed = QueueFilter.Parse(filter);

        Assert.Throws<FilterEvaluationException>(() => parsed.Evaluate(Job));
        Assert.False(parsed.Matches(Job, out var failure));
        Assert.Equal("division by zero", failure);
    }

    [Fact]
    public void A_property_the_job_lacks_is_null()
    {
        var parsed = QueueFilter.Parse("remoteQueue IS NULL AND nodeCount IS NULL");

        Assert.Equal(true, parsed.Evaluate(new Dictionary<string, object?>()));
    }

    [Fact]
    public void Numbers_of_any_clr_type_compare_as_numbers()
    {
        var parsed = QueueFilter.Parse("nodeCount = 4 AND memoryPerNode = 1.5 AND maxHours = 2");

        Assert.Equal(true, parsed.Evaluate(new Dictionary<string, object?> { ["nodeCount"] = 4L, ["memoryPerNode"] = 1.5m, ["maxHours"] = 2f }));
    }

    public static TheoryData<string, int, string> Errors() => new()
    {
        // lexical
        { "owner = 'alice", 9, "no closing quote" }, { "owner = \"alice\"", 9, "'\"' is not part of the filter language" },
        { "owner == 'a'", 8, "expected a value, not '='" }, { "nodeCount > 1 ; DROP TABLE x", 15, "';' is not part of the filter language" },
        { "nodeCount > 12abc", 13, "'12a' is not a number" }, { "nodeCount > 1e999", 13, "is not a number this filter can hold" },
        { "owner = 'a' && archive", 13, "'&' is not part of the filter language" }, { "owner != 'a'", 7, "'!' is not part of the filter language" },
        { "nodeCount > 1\u0000", 14, "'\\u0000' is not part of the filter language" }, { "owner = `a`", 9, "'`' is not part of the filter language" },
        // structure
        { "", 1, "the filter is empty" }, { "   ", 1, "the filter is empty" }, { "nodeCount >", 12, "the filter ends where a value was expected" },
        { "nodeCount > 1 AND", 18, "the filter ends where a value was expected" }, { "(nodeCount > 1", 15, "expected ')' to close the '(' at position 1" },
        { "nodeCount > 1)", 14, "unexpected ')' after a complete condition" }, { "nodeCount > 1 nodeCount < 3", 15, "unexpected 'nodeCount' after a complete condition" },
        { "AND nodeCount > 1", 1, "expected a value, not 'AND'" }, { "()", 2, "expected a value, not ')'" }, { "owner IN 'a'", 10, "IN needs a list in parentheses" },
        { "owner IN ()", 11, "an IN list holds string or number literals, not ')'" }, { "owner IN ('a',)", 15, "an IN list holds string or number literals" },
        { "owner IN ('a' 'b')", 15, "expected ',' or ')' in the IN list" }, { "owner IN (owner)", 11, "an IN list holds string or number literals, not 'owner'" },
        { "owner IN ('a'", 14, "expected ',' or ')' in the IN list, not the end of the filter" },
        { "nodeCount BETWEEN 1 OR 4", 21, "expected AND between the bounds of BETWEEN" }, { "nodeCount BETWEEN 1", 20, "expected AND between the bounds of BETWEEN" },
        { "owner IS 'x'", 10, "expected NULL after IS [NOT]" }, { "owner IS NOT", 13, "expected NULL after IS [NOT]" },
        { "appId LIKE namd", 12, "LIKE needs a pattern in single quotes, not 'namd'" }, { "appId LIKE 'a' ESCAPE 'ab'", 23, "ESCAPE needs one character" },
        { "appId LIKE 'a' ESCAPE ''", 23, "ESCAPE needs one character" }, { "appId LIKE 'a!' ESCAPE '!'", 12, "ends with its escape character '!'" },
        { "appId LIKE 'a' ESCAPE", 22, "ESCAPE needs one character in single quotes, not the end of the filter" },
        { "owner NOT = 'a'", 7, "unexpected 'NOT' after a complete condition" },
        // properties
        { "color = 'red'", 1, "'color' is not a property a filter can read; use one of tenant, owner" },
        { "Owner = 'alice'", 1, "'Owner' is not a property" }, { "nodecount > 1", 1, "'nodecount' is not a property" },
        // types
        { "owner", 1, "the filter needs a condition, but owner is a string" }, { "nodeCount", 1, "the filter needs a condition, but nodeCount is a number" },
        { "'yes'", 1, "the filter needs a condition" }, { "1 + 2", 3, "the filter needs a condition, but the expression is a number" },
        { "owner = 1", 7, "'=' compares a string with a number" }, { "nodeCount = 'four'", 11, "'=' compares a number with a string" },
        { "archive = 1", 9, "'=' compares a boolean with a number" }, { "owner > 'a'", 7, "strings compare only with = and <>, not '>'" },
        { "archive < TRUE", 9, "booleans compare only with = and <>, not '<'" }, { "nodeCount AND archive", 1, "AND needs a condition, but nodeCount is a number" },
        { "archive OR 'x'", 12, "OR needs a condition, but 'x' is a string" }, { "NOT owner", 5, "NOT needs a condition, but owner is a string" },
        { "owner + 1 = 2", 1, "'+' needs numbers, but owner is a string" }, { "nodeCount * archive > 1", 13, "'*' needs numbers, but archive is a boolean" },
        { "-owner = 'a'", 2, "'-' needs a number, but owner is a string" }, { "nodeCount LIKE '4'", 1, "LIKE matches strings, but the value before it is a number" },
        { "archive IN ('a')", 1, "IN compares strings or numbers, but the value before it is a boolean" },
        { "owner IN (1, 2)", 11, "the IN list mixes types: the number 1 is a number, the value before IN a string" },
        { "nodeCount IN ('1')", 15, "the IN list mixes types" }, { "owner BETWEEN 'a' AND 'b'", 1, "BETWEEN compares numbers, but the value is a string" },
        { "nodeCount BETWEEN 'a' AND 3", 19, "BETWEEN compares numbers, but the lower bound is a string" },
        { "nodeCount BETWEEN 1 AND archive", 25, "BETWEEN compares numbers, but the upper bound is a boolean" },
        { "(nodeCount) > 1 AND (owner)", 22, "AND needs a condition, but owner is a string" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void An_invalid_filter_is_refused_saying_what_and_where(string filter, int position, string message)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => QueueFilter.Parse(filter));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains($"at position {position}", error.Message, StringComparison.Ordinal);
        Assert.Equal(position - 1, error.Position);
    }

    [Fact]
    public void Nesting_is_bounded()
    {
        var deep = new string('(', 100) + "archive" + new string(')', 100);
        var negations = string.Concat(Enumerable.Repeat("NOT ", 100)) + "archive";
        var minus = string.Concat(Enumerable.Repeat("- ", 100)) + "1 = 1";

        foreach (var filter in new[] { deep, negations, minus })
        {
            Assert.Contains("nests deeper than 64 levels", Assert.Throws<FilterSyntaxException>(() => QueueFilter.Parse(filter)).Message, StringComparison.Ordinal);
        }

        Assert.Equal(true, QueueFilter.Parse(new string('(', 60) + "archive" + new string(')', 60)).Evaluate(Job));
    }

    [Fact]
    public void A_filter_keeps_its_text()
    {
        Assert.Equal("nodeCount > 1", QueueFilter.Parse("nodeCount > 1").ToString());
    }
}
