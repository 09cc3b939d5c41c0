using AloeOrleans.Silo.Hosting;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.Hosting;

/// <summary>The connection string's default of automatic statement preparation, which an operator's own setting overrides (docs/configuration.md).</summary>
public sealed class StatementPreparationTests
{
    [Fact]
    public void A_connection_string_without_a_preparation_setting_gets_64_statements_prepared_at_their_second_use()
    {
        var builder = new NpgsqlConnectionStringBuilder(AloeConfiguration.WithStatementPreparation("Host=127.0.0.1;Port=5432;Username=aloe;Password=p;Database=aloe"));

        Assert.Equal((64, 2), (builder.MaxAutoPrepare, builder.AutoPrepareMinUsages));
        Assert.Equal(("127.0.0.1", 5432, "aloe", "p", "aloe"), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database));
    }

    [Theory]
    [InlineData("Host=h;Max Auto Prepare=0", 0, 5)]
    [InlineData("Host=h;maxautoprepare=10", 10, 5)]
    [InlineData("Host=h;MAX AUTO PREPARE=7;Auto Prepare Min Usages=3", 7, 3)]
    public void An_operator_s_own_setting_is_kept_even_when_it_turns_preparation_off(string connectionString, int maxAutoPrepare, int minUsages)
    {
        var builder = new NpgsqlConnectionStringBuilder(AloeConfiguration.WithStatementPreparation(connectionString));

        Assert.Equal((maxAutoPrepare, minUsages), (builder.MaxAutoPrepare, builder.AutoPrepareMinUsages));
    }

    [Fact]
    public void A_minimum_of_uses_given_without_a_maximum_is_kept()
    {
        var builder = new NpgsqlConnectionStringBuilder(AloeConfiguration.WithStatementPreparation("Host=h;Auto Prepare Min Usages=9"));

        Assert.Equal((64, 9), (builder.MaxAutoPrepare, builder.AutoPrepareMinUsages));
    }
}
