using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.GrainInterfaces.Queues;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Queues;

/// <summary>
/// One tenant queue: admission (backlog ≤ <c>maxMessages</c>) and the worker limit (active ≤ <c>numWorkers</c>),
/// granting slots to waiting jobs in the order they were admitted. Counts come from the database on activation and
/// every <see cref="QueueDefaultsOptions.ReconcileInterval"/>, so a lost release or a crash cannot leak slots for
/// long. All calls are in-memory except those refreshes.
/// </summary>
[GrainType("tenant-queue")]
[CollectionAgeLimit(Minutes = 60)]
public sealed class TenantQueueGrain(IQueueStore store, IOptions<QueueDefaultsOptions> options, TimeProvider timeProvider)
    : Grain, ITenantQueueGrain
{
    private readonly HashSet<Guid> _backlog = [];
    private readonly HashSet<Guid> _active = [];

    // Backlog jobs that asked for a slot, oldest admission first.
    private readonly SortedSet<(long Order, Guid Uuid)> _waiting = [];
    private readonly Dictionary<Guid, long> _admissionOrder = [];
    private long _nextOrder;

    // Granted slots the database does not show yet (the job has not written PROCESSING_INPUTS): they count as
    // active until the database confirms them, or the job is seen to end, or GrantConfirmTimeout passes.
    private readonly Dictionary<Guid, DateTimeOffset> _unconfirmedGrants = [];

    // Admissions whose ACCEPTED row may not be written yet: kept until the row appears, or one interval passes.
    private readonly Dictionary<Guid, DateTimeOffset> _unconfirmedAdmissions = [];

    private QueueDefinition _definition = null!;

    /// <summary>After this, an unconfirmed grant is dropped; a job still alive asks again when its reminder revives it.</summary>
    private static readonly TimeSpan GrantConfirmTimeout = TimeSpan.FromMinutes(5);

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
        OrderOf(jobUuid);
        _unconfirmedAdmissions[jobUuid] = timeProvider.GetUtcNow();
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
        _waiting.Add((OrderOf(jobUuid), jobUuid));
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
        while (_active.Count < _definition.NumWorkers && _waiting.Count > 0)
        {
            var (_, next) = _waiting.Min;
            _waiting.Remove(_waiting.Min);
            _backlog.Remove(next);
            _admissionOrder.Remove(next);
            // From here the grant, not the admission, stands in for the job until the database shows it.
            _unconfirmedAdmissions.Remove(next);
            _active.Add(next);
            _unconfirmedGrants[next] = timeProvider.GetUtcNow();
            Grant(next);
        }
    }

    private void Grant(Guid jobUuid) => GrainFactory.GetGrain<IJobGrain>(jobUuid).SlotGrantedAsync().Ignore();

    private long OrderOf(Guid jobUuid)
    {
        if (!_admissionOrder.TryGetValue(jobUuid, out var order))
        {
            order = _nextOrder++;
            _admissionOrder[jobUuid] = order;
        }

        return order;
    }

    private void Forget(Guid jobUuid)
    {
        _backlog.Remove(jobUuid);
        _active.Remove(jobUuid);
        if (_admissionOrder.Remove(jobUuid, out var order))
        {
            _waiting.Remove((order, jobUuid));
        }

        _unconfirmedGrants.Remove(jobUuid);
        _unconfirmedAdmissions.Remove(jobUuid);
    }

    /// <summary>
    /// Replaces the in-memory counts with the database's, keeping only what the database cannot know yet
    /// (unconfirmed grants and admissions). PENDING jobs are queued by id, which is acceptance order, so after a
    /// restart the oldest go first.
    /// </summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        _definition = await store.FindAsync(QueueName, cancellationToken)
                      ?? throw new InvalidOperationException($"Tenant queue {QueueName} is not defined in aloe_queues.");
        var members = await store.LoadMembersAsync(QueueName, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var inDatabase = members.Waiting.Concat(members.Active).ToHashSet();

        foreach (var (uuid, grantedAt) in _unconfirmedGrants.ToList())
        {
            // Confirmed (active in the database), ended (gone from it), or given up on.
            if (members.Active.Contains(uuid) || !inDatabase.Contains(uuid) || now - grantedAt > GrantConfirmTimeout)
            {
                _unconfirmedGrants.Remove(uuid);
            }
        }

        foreach (var (uuid, admittedAt) in _unconfirmedAdmissions.ToList())
        {
            if (inDatabase.Contains(uuid) || now - admittedAt > options.Value.ReconcileInterval)
            {
                _unconfirmedAdmissions.Remove(uuid);
            }
        }

        _active.Clear();
        _active.UnionWith(members.Active);
        _active.UnionWith(_unconfirmedGrants.Keys);

        _backlog.Clear();
        _backlog.UnionWith(members.Waiting.Concat(_unconfirmedAdmissions.Keys).Where(uuid => !_active.Contains(uuid)));
        foreach (var uuid in members.Waiting)
        {
            OrderOf(uuid);
        }

        foreach (var stale in _admissionOrder.Keys.Where(uuid => !_backlog.Contains(uuid)).ToList())
        {
            _admissionOrder.Remove(stale);
        }

        var stillWaiting = _waiting.Where(entry => _backlog.Contains(entry.Uuid)).Select(entry => entry.Uuid)
            .Concat(members.Pending.Where(_backlog.Contains))
            .ToHashSet();
        _waiting.Clear();
        foreach (var uuid in stillWaiting)
        {
            _waiting.Add((_admissionOrder[uuid], uuid));
        }
    }
}
