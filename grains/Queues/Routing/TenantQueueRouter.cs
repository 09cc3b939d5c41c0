using System.Collections.Concurrent;
using AloeOrleans.Grains.Submission;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Queues.Routing;

/// <summary>
/// Routes a submission to the first of its tenant's queues whose filter is true, highest priority first, else to the
/// DefaultQueue (docs/queues.md, "Routing"). Each tenant's <see cref="TenantRoutingTable"/> is loaded once (creating
/// the DefaultQueue on the tenant's first submission) and kept until <see cref="Forget"/> is called for the tenant (a
/// queue of it changed: <see cref="QueueChangeListener"/>) or <see cref="QueueDefaultsOptions.ReconcileInterval"/>
/// passes. Routing itself is in memory: no query per submission.
/// </summary>
public sealed partial class TenantQueueRouter(
    IQueueStore store, IOptions<QueueDefaultsOptions> options, TimeProvider timeProvider, ILogger<TenantQueueRouter> logger) : IQueueRouter
{
    private readonly ConcurrentDictionary<string, (Task<TenantRoutingTable> Table, DateTimeOffset LoadedAt)> _tables = new(StringComparer.Ordinal);

    public async ValueTask<string> RouteAsync(ValidatedSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var table = await TableAsync(submission.TenantId);
        var decision = table.Route(QueueFilterInput.For(submission, timeProvider.GetUtcNow()));
        foreach (var (queue, failure) in decision.Failures)
        {
            LogFilterFailed(logger, queue, failure);
        }

        return decision.Queue;
    }

    /// <summary>Drops the tenant's table: the next submission loads its queues again.</summary>
    public void Forget(string tenantId) => _tables.TryRemove(tenantId, out _);

    /// <summary>Drops every tenant's table.</summary>
    public void ForgetAll() => _tables.Clear();

    private async Task<TenantRoutingTable> TableAsync(string tenantId)
    {
        var now = timeProvider.GetUtcNow();
        var entry = _tables.GetOrAdd(tenantId, tenant => (LoadAsync(tenant), now));
        if (now - entry.LoadedAt > options.Value.ReconcileInterval && entry.Table.IsCompleted)
        {
            // Old enough to read again (a change whose notification this silo missed); one caller swaps it.
            var fresh = (LoadAsync(tenantId), now);
            entry = _tables.TryUpdate(tenantId, fresh, entry) ? fresh : _tables.GetOrAdd(tenantId, fresh);
        }

        try
        {
            return await entry.Table;
        }
        catch
        {
            // Do not keep a failure (e.g. the database was down): the next submission tries again.
            _tables.TryRemove(new KeyValuePair<string, (Task<TenantRoutingTable>, DateTimeOffset)>(tenantId, entry));
            throw;
        }
    }

    private async Task<TenantRoutingTable> LoadAsync(string tenantId)
    {
        await store.EnsureDefaultAsync(tenantId, options.Value.NumWorkers, options.Value.MaxMessages, CancellationToken.None);
        var table = TenantRoutingTable.Build(tenantId, await store.ListTenantAsync(tenantId, CancellationToken.None));
        foreach (var (queue, error) in table.Unusable)
        {
            LogUnusableFilter(logger, queue, error);
        }

        return table;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue}: its filter failed for a submission and counts as false: {Failure}")]
    private static partial void LogFilterFailed(ILogger logger, string queue, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue {Queue} receives no jobs: its stored filter does not parse: {Error}")]
    private static partial void LogUnusableFilter(ILogger logger, string queue, string error);
}
