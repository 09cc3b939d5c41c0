using AloeOrleans.Grains.Persistence;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.Units.Persistence;

/// <summary>The persistence adapters, and only they, tell a database outage from other driver failures.</summary>
public sealed class DatabaseOutagesTests
{
    [Fact]
    public void A_lost_connection_or_a_passing_server_error_is_an_outage()
    {
        Assert.True(DatabaseOutages.IsOutage(new NpgsqlException("Exception while reading from stream", new TimeoutException())));
        Assert.True(DatabaseOutages.IsOutage(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
    }

    [Fact]
    public void A_lasting_server_error_or_a_foreign_timeout_is_not()
    {
        Assert.False(DatabaseOutages.IsOutage(new PostgresException("duplicate key value", "ERROR", "ERROR", "23505")));
        Assert.False(DatabaseOutages.IsOutage(new TimeoutException("The job wrapper did not record its pid within 30 s.")));
    }

    [Fact]
    public async Task An_outage_comes_out_typed_with_the_driver_failure_inside()
    {
        var driver = new NpgsqlException("Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException(111));

        var thrown = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => DatabaseOutages.GuardAsync(() => Task.FromException<int>(driver)));

        Assert.Same(driver, thrown.InnerException);
        Assert.Contains("Failed to connect", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_failures_pass_unchanged()
    {
        var conflict = new JobVersionConflictException(Guid.NewGuid(), 3);

        Assert.Same(conflict, await Assert.ThrowsAsync<JobVersionConflictException>(() => DatabaseOutages.GuardAsync(() => Task.FromException(conflict))));
    }
}
