using System.Collections.Immutable;
using System.Net;
using AloeOrleans.Grains.Recovery;
using Orleans.Runtime;
using Xunit;

namespace AloeOrleans.Tests.Operations;

/// <summary>Which silos just died, and which survivor resumes the jobs (the lowest active address, exactly one).</summary>
public sealed class SiloLossRecoveryTests
{
    private static readonly SiloAddress A = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress B = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1);
    private static readonly SiloAddress C = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11113), 1);

    [Fact]
    public void A_silo_that_went_from_active_to_dead_is_newly_dead()
    {
        var before = Snapshot(1, (A, SiloStatus.Active), (B, SiloStatus.Active), (C, SiloStatus.Dead));
        var now = Snapshot(2, (A, SiloStatus.Active), (B, SiloStatus.Dead), (C, SiloStatus.Dead));
        Assert.Equal([B], SiloLossRecovery.NewlyDead(before, now));
        Assert.Empty(SiloLossRecovery.NewlyDead(now, now));
    }

    [Fact]
    public void A_silo_that_shut_down_or_was_never_seen_counts_only_when_it_was_seen_alive()
    {
        var before = Snapshot(1, (A, SiloStatus.Active), (B, SiloStatus.ShuttingDown));
        var now = Snapshot(2, (A, SiloStatus.Active), (B, SiloStatus.Dead), (C, SiloStatus.Dead));
        Assert.Equal([B], SiloLossRecovery.NewlyDead(before, now));
    }

    [Fact]
    public void The_lowest_active_silo_leads()
    {
        var snapshot = Snapshot(1, (A, SiloStatus.Dead), (B, SiloStatus.Active), (C, SiloStatus.Active));
        Assert.True(SiloLossRecovery.Leads(snapshot, B));
        Assert.False(SiloLossRecovery.Leads(snapshot, C));
        Assert.False(SiloLossRecovery.Leads(snapshot, A));
        Assert.False(SiloLossRecovery.Leads(Snapshot(2, (A, SiloStatus.Dead)), A));
    }

    private static ClusterMembershipSnapshot Snapshot(long version, params (SiloAddress Silo, SiloStatus Status)[] members) =>
        new(members.ToImmutableDictionary(member => member.Silo, member => new ClusterMember(member.Silo, member.Status, member.Silo.ToString())),
            new MembershipVersion(version));
}
