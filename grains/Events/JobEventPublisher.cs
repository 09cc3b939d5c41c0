using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace AloeOrleans.Grains.Events;

/// <summary>
/// Publishes a <see cref="JobEventSignal"/> on the job's and the tenant's streams after events were written. Never
/// fails the write it follows: a signal that cannot be sent only delays live readers until their next poll.
/// </summary>
public sealed partial class JobEventPublisher(IClusterClient client, ILogger<JobEventPublisher> logger)
{
    public async Task PublishAsync(Guid jobUuid, string tenantId)
    {
        try
        {
            var provider = client.GetStreamProvider(JobEventStreams.ProviderName);
            var signal = new JobEventSignal(jobUuid);
            await Task.WhenAll(
                provider.GetStream<JobEventSignal>(JobEventStreams.ForJob(jobUuid)).OnNextAsync(signal),
                provider.GetStream<JobEventSignal>(JobEventStreams.ForTenant(tenantId)).OnNextAsync(signal));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogNotPublished(jobUuid, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event signal of job {Job} not published ({Reason}); live readers see the events at their next poll")]
    private partial void LogNotPublished(Guid job, string reason);
}
