namespace AloeOrleans.Grains.Queues;

/// <summary>
/// The worker slots of one tenant queue: the jobs holding one, the jobs waiting for one (in admission order), and who
/// gets the next. A slot goes to the oldest waiting job whose owner holds fewer than <see cref="PerOwner"/> slots:
/// one user's jobs never hold every worker, so another user's job gets a slot while the first user's further jobs
/// wait, in their order. Pure and in memory; the queue grain rebuilds it from the database.
/// </summary>
public sealed class WorkerSlots
{
    private readonly Dictionary<Guid, string> activeOwners = [];
    private readonly Dictionary<string, int> activeByOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, (long Order, string Owner)> waiting = [];
    private readonly Dictionary<string, SortedSet<(long Order, Guid Uuid)>> waitingByOwner = new(StringComparer.Ordinal);

    // The oldest waiting job of each owner who holds fewer slots than their share: the jobs that may get the next slot.
    private readonly SortedSet<(long Order, Guid Uuid)> candidates = [];

    public WorkerSlots(int numWorkers, int perOwner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numWorkers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perOwner, 1);
        NumWorkers = numWorkers;
        PerOwner = perOwner;
    }

    public int NumWorkers { get; }

    /// <summary>The most slots the jobs of one owner may hold at once.</summary>
    public int PerOwner { get; }

    /// <summary>Jobs holding a slot.</summary>
    public int Active => activeOwners.Count;

    /// <summary>Jobs waiting for a slot.</summary>
    public int Waiting => waiting.Count;

    /// <summary>
    /// The slots one owner may hold: <paramref name="share"/> of <paramref name="numWorkers"/>, rounded down, at least
    /// one (so every user can run something) and at most all of them.
    /// </summary>
    public static int OwnerLimit(int numWorkers, double share) =>
        Math.Clamp((int)Math.Floor(numWorkers * Math.Clamp(share, 0, 1)), 1, Math.Max(1, numWorkers));

    public bool IsActive(Guid uuid) => activeOwners.ContainsKey(uuid);

    public bool IsWaiting(Guid uuid) => waiting.ContainsKey(uuid);

    /// <summary>The owner of a job that holds or waits for a slot; null for any other.</summary>
    public string? OwnerOf(Guid uuid) =>
        activeOwners.TryGetValue(uuid, out var owner) ? owner : waiting.TryGetValue(uuid, out var entry) ? entry.Owner : null;

    /// <summary>Slots held by <paramref name="owner"/>'s jobs.</summary>
    public int ActiveOf(string owner) => activeByOwner.GetValueOrDefault(owner);

    /// <summary>
    /// Records a job that holds a slot (seen in the database, or granted). It counts even beyond the limits: a slot
    /// already held is never taken back, it only keeps the next one from being granted.
    /// </summary>
    public void AddActive(Guid uuid, string owner)
    {
        if (activeOwners.ContainsKey(uuid))
        {
            return;
        }

        RemoveWaiting(uuid);
        Detach(owner);
        activeOwners[uuid] = owner;
        activeByOwner[owner] = ActiveOf(owner) + 1;
        Attach(owner);
    }

    /// <summary>Records a job that waits for a slot; <paramref name="order"/> is its admission order. Idempotent.</summary>
    public void AddWaiting(Guid uuid, string owner, long order)
    {
        if (activeOwners.ContainsKey(uuid) || waiting.ContainsKey(uuid))
        {
            return;
        }

        Detach(owner);
        waiting[uuid] = (order, owner);
        if (!waitingByOwner.TryGetValue(owner, out var queue))
        {
            queue = [];
            waitingByOwner[owner] = queue;
        }

        queue.Add((order, uuid));
        Attach(owner);
    }

    /// <summary>Forgets a job, whether it held a slot or waited for one.</summary>
    public void Remove(Guid uuid)
    {
        if (activeOwners.Remove(uuid, out var owner))
        {
            Detach(owner);
            var left = ActiveOf(owner) - 1;
            if (left > 0)
            {
                activeByOwner[owner] = left;
            }
            else
            {
                activeByOwner.Remove(owner);
            }

            Attach(owner);
            return;
        }

        RemoveWaiting(uuid);
    }

    /// <summary>
    /// Grants slots while the queue has free workers and a waiting job's owner is below their limit, oldest first;
    /// the granted jobs now hold their slots. Returns them in the order they were granted.
    /// </summary>
    public IReadOnlyList<Guid> Grant()
    {
        var granted = new List<Guid>();
        while (Active < NumWorkers && candidates.Count > 0)
        {
            var (_, next) = candidates.Min;
            AddActive(next, waiting[next].Owner);
            granted.Add(next);
        }

        return granted;
    }

    private void RemoveWaiting(Guid uuid)
    {
        if (!waiting.Remove(uuid, out var entry))
        {
            return;
        }

        var queue = waitingByOwner[entry.Owner];
        candidates.Remove(queue.Min);
        queue.Remove((entry.Order, uuid));
        if (queue.Count == 0)
        {
            waitingByOwner.Remove(entry.Owner);
        }

        Attach(entry.Owner);
    }

    /// <summary>Takes the owner's oldest waiting job out of the candidates, before the owner's counts change.</summary>
    private void Detach(string owner)
    {
        if (waitingByOwner.TryGetValue(owner, out var queue))
        {
            candidates.Remove(queue.Min);
        }
    }

    /// <summary>Puts the owner's oldest waiting job back among the candidates if the owner is below the limit.</summary>
    private void Attach(string owner)
    {
        if (waitingByOwner.TryGetValue(owner, out var queue) && ActiveOf(owner) < PerOwner)
        {
            candidates.Add(queue.Min);
        }
    }
}
