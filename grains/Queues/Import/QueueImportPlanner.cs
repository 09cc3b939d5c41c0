using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Grains.Queues.Filters;

namespace AloeOrleans.Grains.Queues.Import;

/// <summary>
/// The rules across queues and files of one import (docs/queues.md, "Defining queues"), and what it changes. The files
/// together are the complete set of queues of every tenant they name: a stored queue of such a tenant that no file
/// defines is removed, except the DefaultQueue, which is kept. Rules: a queue is defined once; its name carries its
/// tenant id; priorities are unique per tenant; priority 1 is the DefaultQueue's and only its, and the DefaultQueue's
/// filter is TRUE; every filter parses; a tenant has at most <see cref="MaxQueuesPerTenant"/> queues; a removed queue
/// with unfinished jobs needs a <c>--drain-to</c> queue of its tenant that stays. A tenant without a DefaultQueue (stored
/// or imported) gets one with the service's defaults, so there is always a queue to fall back to. Pure.
/// </summary>
public static class QueueImportPlanner
{
    /// <summary>Queues one tenant may have: routing tries them in turn for every submission.</summary>
    public const int MaxQueuesPerTenant = 1000;

    public const string CommandLine = "command line";

    public static QueueImportPlan Plan(IReadOnlyList<ImportedQueue> imported, IReadOnlyList<QueueDefinition> stored,
        IReadOnlyDictionary<string, int> unfinished, IReadOnlyList<string> drainTo, QueueDefaultsOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(imported);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(unfinished);
        ArgumentNullException.ThrowIfNull(drainTo);
        var errors = new List<QueueImportError>();

        var byName = new Dictionary<string, ImportedQueue>(StringComparer.Ordinal);
        foreach (var queue in imported)
        {
            var definition = queue.Definition;
            if (byName.TryGetValue(definition.Name, out var first))
            {
                errors.Add(new QueueImportError(queue.File, definition.Name, first.File == queue.File
                    ? "is defined twice in this file; define each queue once"
                    : $"is defined in {first.File} too; define each queue once"));
                continue;
            }

            byName[definition.Name] = queue;
            CheckOne(queue, errors);
        }

        foreach (var tenant in byName.Values.GroupBy(queue => queue.Definition.TenantId, StringComparer.Ordinal))
        {
            CheckPriorities(tenant.ToList(), errors);
            if (tenant.Count() > MaxQueuesPerTenant)
            {
                errors.Add(new QueueImportError(tenant.First().File, null,
                    $"tenant {tenant.Key} would have {tenant.Count()} queues; the most a tenant may have is {MaxQueuesPerTenant}"));
            }
        }

        var tenants = byName.Values.Select(queue => queue.Definition.TenantId).ToHashSet(StringComparer.Ordinal);
        var storedByName = stored.Where(queue => tenants.Contains(queue.TenantId)).ToDictionary(queue => queue.Name, StringComparer.Ordinal);
        var changes = new List<QueueChange>();
        foreach (var (name, queue) in byName)
        {
            var previous = storedByName.GetValueOrDefault(name);
            var kind = previous is null ? QueueChangeKind.Created : previous == queue.Definition ? QueueChangeKind.Unchanged : QueueChangeKind.Updated;
            changes.Add(new QueueChange(kind, queue.Definition, previous, queue.File));
        }

        foreach (var tenant in tenants.Where(tenant => !byName.ContainsKey(QueueDefinition.DefaultQueueName(tenant))
                                                      && !storedByName.ContainsKey(QueueDefinition.DefaultQueueName(tenant))))
        {
            changes.Add(new QueueChange(QueueChangeKind.Created,
                new QueueDefinition(QueueDefinition.DefaultQueueName(tenant), tenant, 1, "TRUE", defaults.NumWorkers, defaults.MaxMessages), null, null));
        }

        var drains = DrainTargets(drainTo, byName, tenants, errors);
        foreach (var removed in storedByName.Values.Where(queue => !byName.ContainsKey(queue.Name) && !IsDefaultQueue(queue)))
        {
            var jobs = unfinished.GetValueOrDefault(removed.Name);
            var target = drains.GetValueOrDefault(removed.TenantId);
            if (jobs > 0 && target is null)
            {
                errors.Add(new QueueImportError(CommandLine, removed.Name,
                    $"no file defines this queue of tenant {removed.TenantId}, so it would be removed, but it holds {jobs} unfinished job(s); " +
                    $"keep it in a file, or give --drain-to with a queue of tenant {removed.TenantId} for them"));
            }

            changes.Add(new QueueChange(QueueChangeKind.Removed, removed, removed, null, jobs > 0 ? target : null, jobs));
        }

        changes.Sort((a, b) =>
        {
            var byTenant = string.CompareOrdinal(a.Queue.TenantId, b.Queue.TenantId);
            return byTenant != 0 ? byTenant : b.Queue.Priority != a.Queue.Priority ? b.Queue.Priority.CompareTo(a.Queue.Priority) : string.CompareOrdinal(a.Queue.Name, b.Queue.Name);
        });
        return new QueueImportPlan(errors.Count == 0 ? changes : [], errors);
    }

    public static bool IsDefaultQueue(QueueDefinition queue) =>
        string.Equals(queue.Name, QueueDefinition.DefaultQueueName(queue.TenantId), StringComparison.Ordinal);

    private static void CheckOne(ImportedQueue queue, List<QueueImportError> errors)
    {
        var definition = queue.Definition;
        var prefix = $"aloe.jobq.{definition.TenantId}.submit.";
        if (!definition.Name.StartsWith(prefix, StringComparison.Ordinal) || definition.Name.AsSpan(prefix.Length).Contains('.'))
        {
            var named = QueueDefinition.TenantOf(definition.Name);
            errors.Add(new QueueImportError(queue.File, definition.Name, named is not null && named != definition.TenantId
                ? $"is defined with tenant id {definition.TenantId} instead of {named}, the tenant its name carries; names of tenant {definition.TenantId}'s queues start {prefix}"
                : $"is defined with tenant id {definition.TenantId}; its name must start {prefix} and its last segment have no '.'"));
        }

        if (IsDefaultQueue(definition))
        {
            if (definition.Priority != 1)
            {
                errors.Add(new QueueImportError(queue.File, definition.Name, $"priority is {definition.Priority}; the DefaultQueue's priority is 1"));
            }

            if (!string.Equals(definition.Filter.Trim(), "TRUE", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new QueueImportError(queue.File, definition.Name,
                    "filter must be TRUE: the DefaultQueue takes every job no other queue takes"));
            }
        }
        else if (definition.Priority == 1)
        {
            errors.Add(new QueueImportError(queue.File, definition.Name, "priority 1 is reserved for the DefaultQueue; give a priority of 2 or more"));
        }

        try
        {
            QueueFilter.Parse(definition.Filter);
        }
        catch (FilterSyntaxException exception)
        {
            errors.Add(new QueueImportError(queue.File, definition.Name, $"filter does not parse: {exception.Message}"));
        }
    }

    private static void CheckPriorities(IReadOnlyList<ImportedQueue> tenantQueues, List<QueueImportError> errors)
    {
        foreach (var samePriority in tenantQueues.GroupBy(queue => queue.Definition.Priority).Where(group => group.Count() > 1))
        {
            var first = samePriority.First();
            foreach (var other in samePriority.Skip(1))
            {
                errors.Add(new QueueImportError(other.File, other.Definition.Name,
                    $"priority {samePriority.Key} is also the priority of {first.Definition.Name} ({first.File}); priorities are unique within tenant {first.Definition.TenantId}"));
            }
        }
    }

    /// <summary>The --drain-to queue of each tenant: one per tenant, a queue of the import (or the tenant's DefaultQueue).</summary>
    private static Dictionary<string, string> DrainTargets(IReadOnlyList<string> drainTo, Dictionary<string, ImportedQueue> byName,
        HashSet<string> tenants, List<QueueImportError> errors)
    {
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in drainTo)
        {
            var tenant = byName.TryGetValue(name, out var queue) ? queue.Definition.TenantId
                : tenants.FirstOrDefault(candidate => name == QueueDefinition.DefaultQueueName(candidate));
            if (tenant is null)
            {
                errors.Add(new QueueImportError(CommandLine, name,
                    "--drain-to must name a queue the files define (or the DefaultQueue of a tenant they name)"));
            }
            else if (!targets.TryAdd(tenant, name))
            {
                errors.Add(new QueueImportError(CommandLine, name, $"--drain-to names two queues of tenant {tenant}: {targets[tenant]} and {name}; give one"));
            }
        }

        return targets;
    }
}
