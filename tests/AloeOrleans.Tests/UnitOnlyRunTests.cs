using Xunit;

namespace AloeOrleans.Tests;

/// <summary>Under <c>./aloe test --unit</c> a helper that reaches a server fails, naming the server and the mark.</summary>
public sealed class UnitOnlyRunTests
{
    [Fact]
    public void A_unit_run_refuses_a_server_naming_it_and_the_missing_mark()
    {
        var refusal = UnitOnlyRun.Refusal("the test PostgreSQL (ALOE_TEST_PG)", "1");

        Assert.NotNull(refusal);
        Assert.Contains("the test PostgreSQL (ALOE_TEST_PG)", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("[NeedsServers]", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("./aloe test --unit", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    public void A_full_run_lets_every_server_through(string? variableValue)
    {
        Assert.Null(UnitOnlyRun.Refusal("sshd", variableValue));
    }

    [Fact]
    public void The_mark_is_the_trait_the_unit_run_filters_out()
    {
        var traits = new NeedsServersTraitDiscoverer().GetTraits(null!).ToList();

        Assert.Equal([new KeyValuePair<string, string>("Category", "NeedsServers")], traits);
    }
}
