using AloeOrleans.Grains.Recovery;
using Xunit;

namespace AloeOrleans.Tests.Units.Recovery;

/// <summary>A recovery group's id in URLs: its key without the tenant, which always comes back from the caller.</summary>
public sealed class RecoveryGroupIdsTests
{
    [Fact]
    public void An_id_is_the_key_without_its_tenant_and_reads_back_in_the_callers_tenant()
    {
        var key = new RecoveryTest("dev", GrainInterfaces.Jobs.RecoveryCondition.SSH_CONNECTION_FAILURE, RecoveryTester.Ssh, "hpc login").GroupKey;

        var id = RecoveryGroupIds.IdOf(key);

        Assert.Matches("^SSH_CONNECTION_FAILURE-[0-9a-f]{16}$", id);
        Assert.True(RecoveryGroupIds.TryKeyOf("dev", id, out var back));
        Assert.Equal(key, back);
        Assert.True(RecoveryGroupIds.TryKeyOf("other", id, out var elsewhere));
        Assert.Equal("other/" + key["dev/".Length..], elsewhere);
    }

    [Theory]
    [InlineData("")]
    [InlineData("SSH_CONNECTION_FAILURE")]
    [InlineData("SSH_CONNECTION_FAILURE-")]
    [InlineData("SSH_CONNECTION_FAILURE-0123456789abcde")]
    [InlineData("SSH_CONNECTION_FAILURE-0123456789abcdefa")]
    [InlineData("SSH_CONNECTION_FAILURE-0123456789ABCDEF")]
    [InlineData("ssh_connection_failure-0123456789abcdef")]
    [InlineData("-0123456789abcdef")]
    [InlineData("dev/SSH_CONNECTION_FAILURE/0123456789abcdef")]
    [InlineData("../SSH_CONNECTION_FAILURE-0123456789abcdef")]
    [InlineData("SSH_CONNECTION_FAILURE-0123456789abcdef\n")]
    [InlineData("SSH CONNECTION-0123456789abcdef")]
    [InlineData("X' OR '1'='1-0123456789abcdef")]
    public void Anything_else_is_not_an_id(string id)
    {
        Assert.False(RecoveryGroupIds.TryKeyOf("dev", id, out _));
    }

    [Fact]
    public void A_condition_part_longer_than_any_condition_is_not_an_id()
    {
        Assert.False(RecoveryGroupIds.TryKeyOf("dev", new string('A', 65) + "-0123456789abcdef", out _));
        Assert.True(RecoveryGroupIds.TryKeyOf("dev", new string('A', 64) + "-0123456789abcdef", out _));
    }
}
