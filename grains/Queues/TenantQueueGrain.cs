using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Queues;

/// <summary>
/// One tenant queue: admission (backlog ≤ <c>maxMessages</c>) and the worker limit (active ≤ <c>numWorkers</c>),
/// granting slots to waiting jobs in the order they were admitted, but never more to one user's jobs than their share
/// (<see cref="QueueDefaultsOptions.MaxUserShareOfWorkers"/>; <see cref="WorkerSlots"/> decides). Counts and owners
/// come from the database on activation and every <see cref="QueueDefaultsOptions.ReconcileInterval"/>, so a lost
/// release or a crash cannot leak slots for long, and at once when its row changes (<see cref="RefreshAsync"/>). All
/// calls are in-memory except those refreshes. A queue whose row is gone (removed by an import, its jobs moved to
/// another queue) admits nothing and grants nothing.
/// </summary>
[GrainType("tenant-queue")]
[CollectionAgeLimit(Minutes = 60)]
public sealed class TenantQueueGrain(IQueueStore store, IOptions<QueueDefaultsOptions> options, TimeProvider timeProvider)
    : Grain, ITenantQueueGrain
{
    private readonly HashSet<Guid> _backlog = [];

    // Jobs holding a slot, and backlog jobs that asked for one (oldest admission first), with their owners.
    private WorkerSlots _slots = new(1, 1);
    private readonly Dictionary<Guid, long> _admissionOrder = [];
    private long _nextOrder;

    // Granted slots the database does not show yet (the job has not written PROCESSING_INPUTS): they count as
    // active until the database confirms them, or the job is seen to end, or GrantConfirmTimeout passes.
    private readonly Dictionary<Guid, (DateTimeOffset GrantedAt, string Owner)> _unconfirmedGrants = [];

    // Admissions whose ACCEPTED row may not be written yet: kept until the row appears, or one interval passes.
    private readonly Dictionary<Guid, DateTimeOffset> _unconfirmedAdmissions = [];

    // Null once the queue's row is gone.
    private QueueDefinition? _definition;

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
            Report();
        }, new GrainTimerCreationOptions(interval, interval) { KeepAlive = false });
        Report();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        LiveGauges.WithdrawQueue(QueueName);
        return Task.CompletedTask;
    }

    public Task<QueueAdmission> TryAdmitAsync(Guid jobUuid)
    {
        if (_definition is null)
        {
            return Task.FromResult(QueueAdmission.Removed);
        }

        if (_backlog.Contains(jobUuid) || _slots.IsActive(jobUuid))
        {
            return Task.FromResult(QueueAdmission.Admitted);
        }

        if (_backlog.Count >= _definition.MaxMessages)
        {
            return Task.FromResult(QueueAdmission.Full);
        }

        _backlog.Add(jobUuid);
        OrderOf(jobUuid);
        _unconfirmedAdmissions[jobUuid] = timeProvider.GetUtcNow();
        Report();
        return Task.FromResult(QueueAdmission.Admitted);
    }

    public Task AbandonAsync(Guid jobUuid)
    {
        Forget(jobUuid);
        Report();
        return Task.CompletedTask;
    }

    public async Task RequestSlotAsync(Guid jobUuid, string owner)
    {
        if (_definition is null)
        {
            // Removed: the job was accepted into it after the import moved its jobs. It goes to the DefaultQueue now,
            // which finds it in the database (as a moved job reads its new queue) and grants it a slot.
            await RetireAsync(CancellationToken.None);
            return;
        }

        if (_slots.IsActive(jobUuid))
        {
            // A repeated request (e.g. after the job grain restarted): grant again, it is idempotent on the job side.
            Grant(jobUuid);
            return;
        }

        _backlog.Add(jobUuid);
        _slots.AddWaiting(jobUuid, owner, OrderOf(jobUuid));
        GrantWaiting();
    }

    public Task ReleaseAsync(Guid jobUuid)
    {
        Forget(jobUuid);
        GrantWaiting();
        return Task.CompletedTask;
    }

    public Task<QueueSnapshot> GetSnapshotAsync() => Task.FromResult(new QueueSnapshot(
        QueueName, _backlog.Count, _slots.Active, _slots.Waiting, _definition?.NumWorkers ?? 0, _definition?.MaxMessages ?? 0));

    public async Task RefreshAsync()
    {
        await ReconcileAsync(CancellationToken.None);
        GrantWaiting();
    }

    /// <summary>
    /// The row is gone. Jobs still naming this queue were accepted into it while it was being removed (an import moves
    /// the ones it sees): they go to the tenant's DefaultQueue, so no job waits for a queue that no longer exists.
    /// </summary>
    private async Task RetireAsync(CancellationToken cancellationToken)
    {
        if (QueueDefinition.TenantOf(QueueName) is { } tenant && QueueName != QueueDefinition.DefaultQueueName(tenant))
        {
            var fallback = await store.EnsureDefaultAsync(tenant, options.Value.NumWorkers, options.Value.MaxMessages, cancellationToken);
            if (await store.MoveUnfinishedAsync(QueueName, fallback.Name, $"tenant queue {QueueName} no longer exists", cancellationToken) > 0)
            {
                await GrainFactory.GetGrain<ITenantQueueGrain>(fallback.Name).RefreshAsync();
            }
        }

        Retire();
    }

    private void Retire()
    {
        _backlog.Clear();
        _admissionOrder.Clear();
        _unconfirmedGrants.Clear();
        _unconfirmedAdmissions.Clear();
        // Not DeactivateOnIdle: an activation that deactivates before its first turn would bounce every call made to it
        // (a job's release, a refresh) until the caller gives up. Idle, it is collected like any other; until then its
        // reconcile keeps moving any late job to the DefaultQueue.
        _slots = new WorkerSlots(1, 1);
    }

    private void GrantWaiting()
    {
        if (_definition is null)
        {
            Report();
            return;
        }

        foreach (var next in _slots.Grant())
        {
            _backlog.Remove(next);
            _admissionOrder.Remove(next);
            // From here the grant, not the admission, stands in for the job until the database shows it.
            _unconfirmedAdmissions.Remove(next);
            _unconfirmedGrants[next] = (timeProvider.GetUtcNow(), _slots.OwnerOf(next)!);
            Grant(next);
        }

        Report();
    }

    /// <summary>The queue's figures for the <c>aloe.queue.waiting</c> and <c>aloe.queue.active</c> gauges (docs/operations.md).</summary>
    private void Report() => LiveGauges.ReportQueue(QueueName, _backlog.Count, _slots.Active);

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
        _slots.Remove(jobUuid);
        _admissionOrder.Remove(jobUuid);
        _unconfirmedGrants.Remove(jobUuid);
        _unconfirmedAdmissions.Remove(jobUuid);
    }

    /// <summary>
    /// Replaces the in-memory counts with the database's, keeping only what the database cannot know yet
    /// (unconfirmed grants and admissions). PENDING jobs are queued by id, which is acceptance order, so after a
    /// restart the oldest go first; every job's owner comes with it, so the users' shares are right from the start.
    /// </summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        _definition = await store.FindAsync(QueueName, cancellationToken);
        if (_definition is null)
        {
            await RetireAsync(cancellationToken);
            return;
        }

        var members = await store.LoadMembersAsync(QueueName, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var activeInDatabase = members.Active.Select(member => member.Uuid).ToHashSet();
        var ownersInDatabase = members.Waiting.Concat(members.Active).ToDictionary(member => member.Uuid, member => member.Owner);

        foreach (var (uuid, grant) in _unconfirmedGrants.ToList())
        {
            // Confirmed (active in the database), ended (gone from it), or given up on.
            if (activeInDatabase.Contains(uuid) || !ownersInDatabase.ContainsKey(uuid) || now - grant.GrantedAt > GrantConfirmTimeout)
            {
                _unconfirmedGrants.Remove(uuid);
            }
        }

        foreach (var (uuid, admittedAt) in _unconfirmedAdmissions.ToList())
        {
            if (ownersInDatabase.ContainsKey(uuid) || now - admittedAt > options.Value.ReconcileInterval)
            {
                _unconfirmedAdmissions.Remove(uuid);
            }
        }

        var slots = new WorkerSlots(_definition.NumWorkers,
            WorkerSlots.OwnerLimit(_definition.NumWorkers, options.Value.MaxUserShareOfWorkers));
        foreach (var member in members.Active)
        {
            slots.AddActive(member.Uuid, member.Owner);
        }

        foreach (var (uuid, grant) in _unconfirmedGrants)
        {
            slots.AddActive(uuid, grant.Owner);
        }

        _backlog.Clear();
        _backlog.UnionWith(members.Waiting.Select(member => member.Uuid).Concat(_unconfirmedAdmissions.Keys).Where(uuid => !slots.IsActive(uuid)));
        foreach (var member in members.Waiting)
        {
            OrderOf(member.Uuid);
        }

        foreach (var stale in _admissionOrder.Keys.Where(uuid => !_backlog.Contains(uuid)).ToList())
        {
            _admissionOrder.Remove(stale);
        }

        // Still waiting: those that asked before (their owner is known here) and the PENDING ones of the database.
        var stillWaiting = _backlog
            .Where(uuid => _slots.IsWaiting(uuid) || members.Pending.Contains(uuid))
            .Select(uuid => (Uuid: uuid, Owner: _slots.OwnerOf(uuid) ?? ownersInDatabase.GetValueOrDefault(uuid)))
            .Where(entry => entry.Owner is not null);
        foreach (var (uuid, owner) in stillWaiting)
        {
            slots.AddWaiting(uuid, owner!, _admissionOrder[uuid]);
        }

        _slots = slots;
    }
}
