using AloeOrleans.Grains.Queues;
using Xunit;

namespace AloeOrleans.Tests.Units.Queues;

public sealed class WorkerSlotsTests
{
    private long order;

    [Theory]
    [InlineData(1, 0.5, 1)]
    [InlineData(2, 0.5, 1)]
    [InlineData(3, 0.5, 1)]
    [InlineData(4, 0.5, 2)]
    [InlineData(100, 0.5, 50)]
    [InlineData(101, 0.5, 50)]
    [InlineData(10, 1.0, 10)]
    [InlineData(10, 0.0, 1)]
    [InlineData(10, 0.01, 1)]
    [InlineData(10, 2.0, 10)]
    [InlineData(10, -1.0, 1)]
    [InlineData(10, double.NaN, 1)]
    public void An_owner_may_hold_the_share_rounded_down_at_least_one_at_most_all(int numWorkers, double share, int expected) =>
        Assert.Equal(expected, WorkerSlots.OwnerLimit(numWorkers, share));

    [Fact]
    public void Slots_go_oldest_first_up_to_the_number_of_workers()
    {
        var slots = new WorkerSlots(numWorkers: 2, perOwner: 2);
        var (a, b, c) = (Wait(slots, "alice"), Wait(slots, "bob"), Wait(slots, "carol"));

        Assert.Equal([a, b], slots.Grant());
        Assert.Equal((2, 1), (slots.Active, slots.Waiting));
        Assert.Empty(slots.Grant());

        slots.Remove(a);
        Assert.Equal([c], slots.Grant());
    }

    [Fact]
    public void One_owner_never_holds_more_than_their_share_and_another_owners_job_gets_the_free_slot()
    {
        var slots = new WorkerSlots(numWorkers: 4, perOwner: 2);
        var alice = Enumerable.Range(0, 10).Select(_ => Wait(slots, "alice")).ToList();

        Assert.Equal(alice.Take(2), slots.Grant());
        Assert.Equal((2, 8), (slots.Active, slots.Waiting));

        var bob = Wait(slots, "bob");
        Assert.Equal([bob], slots.Grant());
        Assert.Equal(2, slots.ActiveOf("alice"));
        Assert.Equal(1, slots.ActiveOf("bob"));
    }

    [Fact]
    public void The_waiting_jobs_of_a_capped_owner_go_in_their_order_when_a_slot_of_theirs_frees()
    {
        var slots = new WorkerSlots(numWorkers: 4, perOwner: 2);
        var alice = Enumerable.Range(0, 5).Select(_ => Wait(slots, "alice")).ToList();
        slots.Grant();

        slots.Remove(alice[0]);
        Assert.Equal([alice[2]], slots.Grant());
        slots.Remove(alice[1]);
        Assert.Equal([alice[3]], slots.Grant());
        Assert.True(slots.IsWaiting(alice[4]));
    }

    [Fact]
    public void A_younger_job_of_an_owner_below_the_share_goes_before_an_older_job_of_a_capped_owner()
    {
        var slots = new WorkerSlots(numWorkers: 3, perOwner: 1);
        var alice = Wait(slots, "alice");
        slots.Grant();
        var aliceSecond = Wait(slots, "alice");
        var bob = Wait(slots, "bob");
        var carol = Wait(slots, "carol");

        Assert.Equal([bob, carol], slots.Grant());
        slots.Remove(alice);
        Assert.Equal([aliceSecond], slots.Grant());
    }

    [Fact]
    public void When_every_worker_is_busy_nobody_gets_a_slot_whatever_their_share()
    {
        var slots = new WorkerSlots(numWorkers: 2, perOwner: 1);
        Wait(slots, "alice");
        Wait(slots, "bob");
        slots.Grant();
        var carol = Wait(slots, "carol");

        Assert.Empty(slots.Grant());
        Assert.True(slots.IsWaiting(carol));
    }

    [Fact]
    public void Slots_held_beyond_the_share_are_kept_and_only_stop_further_grants()
    {
        // E.g. a queue whose numWorkers was lowered, or jobs active before the share existed.
        var slots = new WorkerSlots(numWorkers: 4, perOwner: 1);
        var held = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        foreach (var uuid in held)
        {
            slots.AddActive(uuid, "alice");
        }

        var next = Wait(slots, "alice");
        Assert.Equal(3, slots.ActiveOf("alice"));
        Assert.Empty(slots.Grant());

        slots.Remove(held[0]);
        slots.Remove(held[1]);
        Assert.Empty(slots.Grant());
        slots.Remove(held[2]);
        Assert.Equal([next], slots.Grant());
    }

    [Fact]
    public void A_job_already_holding_a_slot_is_not_queued_again_and_repeated_requests_are_idempotent()
    {
        var slots = new WorkerSlots(numWorkers: 2, perOwner: 2);
        var a = Wait(slots, "alice");
        slots.AddWaiting(a, "alice", order++);
        Assert.Equal(1, slots.Waiting);
        slots.Grant();

        slots.AddWaiting(a, "alice", order++);
        slots.AddActive(a, "alice");

        Assert.Equal((1, 0), (slots.Active, slots.Waiting));
        Assert.Equal(1, slots.ActiveOf("alice"));
    }

    [Fact]
    public void A_waiting_job_seen_active_moves_to_active()
    {
        var slots = new WorkerSlots(numWorkers: 2, perOwner: 1);
        var a = Wait(slots, "alice");

        slots.AddActive(a, "alice");

        Assert.Equal((1, 0), (slots.Active, slots.Waiting));
        Assert.True(slots.IsActive(a));
        Assert.Empty(slots.Grant());
    }

    [Fact]
    public void Removing_a_waiting_job_lets_the_next_of_its_owner_become_a_candidate()
    {
        var slots = new WorkerSlots(numWorkers: 2, perOwner: 2);
        var first = Wait(slots, "alice");
        var second = Wait(slots, "alice");

        slots.Remove(first);

        Assert.Equal([second], slots.Grant());
        Assert.Null(slots.OwnerOf(first));
    }

    [Fact]
    public void Removing_an_unknown_job_changes_nothing()
    {
        var slots = new WorkerSlots(numWorkers: 1, perOwner: 1);
        var a = Wait(slots, "alice");

        slots.Remove(Guid.NewGuid());

        Assert.Equal([a], slots.Grant());
    }

    [Fact]
    public void Owners_are_told_apart_exactly()
    {
        var slots = new WorkerSlots(numWorkers: 2, perOwner: 1);
        var lower = Wait(slots, "alice");
        var upper = Wait(slots, "Alice");

        Assert.Equal([lower, upper], slots.Grant());
        Assert.Equal("alice", slots.OwnerOf(lower));
        Assert.Equal("Alice", slots.OwnerOf(upper));
    }

    [Fact]
    public void Limits_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerSlots(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerSlots(1, 0));
    }

    private Guid Wait(WorkerSlots slots, string owner)
    {
        var uuid = Guid.NewGuid();
        slots.AddWaiting(uuid, owner, order++);
        return uuid;
    }
}
