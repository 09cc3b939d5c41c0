namespace AloeOrleans.Grains.Quotas;

/// <summary>
/// How many jobs hold (or are about to hold) a slot on an execution system (<see cref="ActiveJobStatuses"/>), in the
/// four scopes its limits apply to: the whole system, the user's on the system, the remote queue, the user's in the
/// remote queue. A job without a remote queue counts in no queue.
/// </summary>
public sealed record ActiveJobCounts(int System, int SystemOfOwner, int Queue, int QueueOfOwner)
{
    public static ActiveJobCounts None { get; } = new(0, 0, 0, 0);

    /// <summary>These counts and <paramref name="other"/>'s, scope by scope.</summary>
    public ActiveJobCounts Plus(ActiveJobCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(System + other.System, SystemOfOwner + other.SystemOfOwner, Queue + other.Queue, QueueOfOwner + other.QueueOfOwner);
    }
}
