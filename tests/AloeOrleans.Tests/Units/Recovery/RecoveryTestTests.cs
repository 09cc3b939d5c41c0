using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Recovery;
using Xunit;

namespace AloeOrleans.Tests.Units.Recovery;

/// <summary>Which test serves a blocked job, and which jobs share a recovery group.</summary>
public sealed class RecoveryTestTests
{
    private static JobRecord Job(string tenant = "dev", string system = "hpc", string app = "wc-1.0") => new()
    {
        Uuid = Guid.NewGuid(), TenantId = tenant, TenantQueue = "q", Owner = "alice", UpdateToken = "t",
        Spec = new JobSpec { Name = "j", SystemId = system, AppId = app, AppUuid = "u" },
    };

    [Theory]
    [InlineData(RecoveryCondition.SSH_CONNECTION_FAILURE, RecoveryTester.Ssh, "hpc")]
    [InlineData(RecoveryCondition.SSH_CONNECTION_TIMEOUT, RecoveryTester.Ssh, "hpc")]
    [InlineData(RecoveryCondition.SSH_AUTHENTICATION_FAILED, RecoveryTester.Ssh, "hpc")]
    [InlineData(RecoveryCondition.SYSTEM_NOT_AVAILABLE, RecoveryTester.System, "hpc")]
    [InlineData(RecoveryCondition.APPLICATION_NOT_AVAILABLE, RecoveryTester.App, "wc-1.0")]
    [InlineData(RecoveryCondition.TRANSMISSION_FAILURE, RecoveryTester.Retry, "")]
    [InlineData(RecoveryCondition.SERVICE_CONNECTION_FAILURE, RecoveryTester.Retry, "")]
    [InlineData(RecoveryCondition.QUOTA_EXCEEDED, RecoveryTester.Quota, """["hpc",null,"alice"]""")]
    [InlineData(RecoveryCondition.DATABASE_NOT_AVAILABLE, RecoveryTester.Retry, "")]
    public void Each_condition_has_its_tester(RecoveryCondition condition, RecoveryTester tester, string parameters)
    {
        var test = RecoveryTest.For(Job(), condition);

        Assert.Equal((tester, parameters), (test.Tester, test.Parameters));
    }

    [Fact]
    public void Jobs_of_one_tenant_waiting_on_the_same_test_share_a_group_and_others_do_not()
    {
        var key = RecoveryTest.For(Job(), RecoveryCondition.SSH_CONNECTION_FAILURE).GroupKey;

        Assert.Equal(key, RecoveryTest.For(Job(app: "other-1.0"), RecoveryCondition.SSH_CONNECTION_FAILURE).GroupKey);
        Assert.NotEqual(key, RecoveryTest.For(Job(system: "hpc2"), RecoveryCondition.SSH_CONNECTION_FAILURE).GroupKey);
        Assert.NotEqual(key, RecoveryTest.For(Job(tenant: "other"), RecoveryCondition.SSH_CONNECTION_FAILURE).GroupKey);
        Assert.NotEqual(key, RecoveryTest.For(Job(), RecoveryCondition.SSH_AUTHENTICATION_FAILED).GroupKey);
        Assert.StartsWith("dev/SSH_CONNECTION_FAILURE/", key, StringComparison.Ordinal);
        Assert.True(key.Length < 150, key);
    }
}
