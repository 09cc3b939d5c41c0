using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.GrainInterfaces.Queues;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Queues;

/// <summary>
/// One tenant queue: admission (backlog ≤ <c>maxMessages</c>) and the worker limit (active ≤ <c>numWorkers</c>),
/// granting slots oldest request first. Counts come from the database on activation and every
/// <see cref="QueueDefaultsOptions.ReconcileInterval"/>, so a lost release or a crash cannot leak slots for long.
/// All calls are in-memory except those refreshes.
/// </summary>
[GrainType("tenant-queue")]
[CollectionAgeLimit(Minutes = 60)]
public sealed class TenantQueueGrain(IQueueStore store, IOptions<QueueDefaultsOptions> options, TimeProvider timeProvider)
    : Grain, ITenantQueueGrain
{
    private readonly HashSet<Guid> _backlog = [];
    private readonly HashSet<Guid> _active = [];
    private readonly LinkedList<Guid> _waiting = new();

    // Grants the database may not show yet (the job has not written PROCESSING_INPUTS): kept through a reconcile.
    private readonly Dictionary<Guid, DateTimeOffset> _recentGrants = [];

    // Admissions whose ACCEPTED row may still be in flight: kept through a reconcile for one interval.
    private readonly Dictionary<Guid, DateTimeOffset> _recentAdmissions = [];
    private QueueDefinition _definition = null!;
    private string QueueName => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await ReconcileAsync(cancellationToken);
        var interval = options.Value.ReconcileInterval;
        this.RegisterGrainTimer(async token =>
        {
            await ReconcileAsync(token);
            GrantWaiting();
        }, new GrainTimerCreationOptions(interval, interval) { KeepAlive = false });
    }

    public Task<bool> TryAdmitAsync(Guid jobUuid)
    {
        if (_backlog.Contains(jobUuid) || _active.Contains(jobUuid))
        {
            return Task.FromResult(true);
        }

        if (_backlog.Count >= _definition.MaxMessages)
        {
            return Task.FromResult(false);
        }

        _backlog.Add(jobUuid);
        _recentAdmissions[jobUuid] = timeProvider.GetUtcNow();
        return Task.FromResult(true);
    }

    public Task AbandonAsync(Guid jobUuid)
    {
        Forget(jobUuid);
        return Task.CompletedTask;
    }

    public Task RequestSlotAsync(Guid jobUuid)
    {
        if (_active.Contains(jobUuid))
        {
            // A repeated request (e.g. after the job grain restarted): grant again, it is idempotent on the job side.
            Grant(jobUuid);
            return Task.CompletedTask;
        }

        _backlog.Add(jobUuid);
        if (!_waiting.Contains(jobUuid))
        {
            _waiting.AddLast(jobUuid);
        }

        GrantWaiting();
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(Guid jobUuid)
    {
        Forget(jobUuid);
        GrantWaiting();
        return Task.CompletedTask;
    }

    public Task<QueueSnapshot> GetSnapshotAsync() => Task.FromResult(new QueueSnapshot(
        QueueName, _backlog.Count, _active.Count, _waiting.Count, _definition.NumWorkers, _definition.MaxMessages));

    private void GrantWaiting()
    {
        while (_active.Count < _definition.NumWorkers && _waiting.First is { } next)
        {
            _waiting.RemoveFirst();
            _backlog.Remove(next.Value);
            _active.Add(next.Value);
            _recentGrants[next.Value] = timeProvider.GetUtcNow();
            Grant(next.Value);
        }
    }

    private void Grant(Guid jobUuid) => GrainFactory.GetGrain<IJobGrain>(jobUuid).SlotGrantedAsync().Ignore();

    private void Forget(Guid jobUuid)
    {
        _backlog.Remove(jobUuid);
        _active.Remove(jobUuid);
        _waiting.Remove(jobUuid);
        _recentGrants.Remove(jobUuid);
        _recentAdmissions.Remove(jobUuid);
    }

    /// <summary>
    /// Replaces the in-memory counts with the database's. PENDING jobs not yet waiting are queued in id order (after
    /// a restart they would ask again anyway); jobs granted a slot moments ago stay active though their row still
    /// says PENDING.
    /// </summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        _definition = await store.FindAsync(QueueName, cancellationToken)
                      ?? throw new InvalidOperationException($"Tenant queue {QueueName} is not defined in aloe_queues.");
        var members = await store.LoadMembersAsync(QueueName, cancellationToken);
        var graceStart = timeProvider.GetUtcNow() - options.Value.ReconcileInterval;
        DropOlderThan(_recentGrants, graceStart);
        DropOlderThan(_recentAdmissions, graceStart);

        _active.Clear();
        _active.UnionWith(members.Active);
        _active.UnionWith(_recentGrants.Keys);
        _backlog.Clear();
        _backlog.UnionWith(members.Waiting.Concat(_recentAdmissions.Keys).Where(uuid => !_active.Contains(uuid)));

        var stillWaiting = _waiting.Where(uuid => _backlog.Contains(uuid)).ToList();
        _waiting.Clear();
        foreach (var uuid in stillWaiting.Concat(members.Waiting.Where(uuid => members.Pending.Contains(uuid) && !_active.Contains(uuid))).Distinct())
        {
            _waiting.AddLast(uuid);
        }
    }

    private static void DropOlderThan(Dictionary<Guid, DateTimeOffset> entries, DateTimeOffset limit)
    {
        foreach (var stale in entries.Where(entry => entry.Value < limit).Select(entry => entry.Key).ToList())
        {
            entries.Remove(stale);
        }
    }
}
