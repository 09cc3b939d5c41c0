using AloeOrleans.Grains.Recovery;
using Xunit;

namespace AloeOrleans.Tests.Units.Recovery;

/// <summary>Which jobs of a group go when its test passed: all of them, or only as many as it admits, oldest first.</summary>
public sealed class RecoveryReleaseTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private static RecoveryMember Member(int id, int acceptedMinute, int blockedMinute, int? releasedMinute = null) =>
        new(Id(id), T0.AddMinutes(blockedMinute), releasedMinute is { } released ? T0.AddMinutes(released) : null, T0.AddMinutes(acceptedMinute));

    private static Guid Id(int id) => new($"00000000-0000-4000-8000-{id:D12}");

    [Fact]
    public void A_test_without_a_count_releases_every_waiting_job_oldest_first()
    {
        var members = new[] { Member(1, 5, 20), Member(2, 1, 30), Member(3, 3, 10, releasedMinute: 40), Member(4, 2, 25) };

        Assert.Equal([Id(2), Id(4), Id(1)], RecoveryRelease.Choose(members, int.MaxValue));
    }

    [Fact]
    public void A_quota_with_room_for_some_releases_the_oldest_by_acceptance_not_by_when_they_blocked()
    {
        // Job 1 was accepted first but blocked last: it was released before, found no room, and blocked again.
        var members = new[] { Member(2, 2, 10), Member(3, 3, 11), Member(1, 1, 30), Member(4, 4, 12) };

        Assert.Equal([Id(1)], RecoveryRelease.Choose(members, 1));
        Assert.Equal([Id(1), Id(2)], RecoveryRelease.Choose(members, 2));
        Assert.Equal([Id(1), Id(2), Id(3), Id(4)], RecoveryRelease.Choose(members, 9));
    }

    [Fact]
    public void Without_room_no_job_goes()
    {
        Assert.Empty(RecoveryRelease.Choose([Member(1, 1, 1), Member(2, 2, 2)], 0));
    }

    [Fact]
    public void Jobs_released_but_not_yet_back_take_their_share_of_the_room_first()
    {
        var members = new[] { Member(1, 1, 1, releasedMinute: 5), Member(2, 2, 2), Member(3, 3, 3) };

        Assert.Empty(RecoveryRelease.Choose(members, 1));
        Assert.Equal([Id(2)], RecoveryRelease.Choose(members, 2));
    }

    [Fact]
    public void Jobs_accepted_together_go_in_the_order_they_blocked_then_by_id()
    {
        var members = new[] { Member(3, 1, 2), Member(2, 1, 2), Member(1, 1, 3) };

        Assert.Equal([Id(2), Id(3)], RecoveryRelease.Choose(members, 2));
    }
}
