using System.Collections.Concurrent;
using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Grains.Submission;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Queues;

/// <summary>
/// Routes every submission of a tenant to its DefaultQueue, creating the queue row on the tenant's first
/// submission (once per process; the name is cached). Filter-based routing to further queues comes with the
/// queue definition import.
/// </summary>
public sealed class DefaultQueueRouter(IQueueStore store, IOptions<QueueDefaultsOptions> options) : IQueueRouter
{
    private readonly ConcurrentDictionary<string, Task<QueueDefinition>> _defaults = new(StringComparer.Ordinal);

    public async ValueTask<string> RouteAsync(ValidatedSubmission submission, CancellationToken cancellationToken)
    {
        var task = _defaults.GetOrAdd(submission.TenantId,
            tenant => store.EnsureDefaultAsync(tenant, options.Value.NumWorkers, options.Value.MaxMessages, CancellationToken.None));
        try
        {
            return (await task).Name;
        }
        catch
        {
            // Do not cache a failure (e.g. the database was down): the next submission tries again.
            _defaults.TryRemove(new KeyValuePair<string, Task<QueueDefinition>>(submission.TenantId, task));
            throw;
        }
    }
}
