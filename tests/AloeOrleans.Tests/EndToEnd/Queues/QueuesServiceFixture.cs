using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Queues;

/// <summary>
/// One service for the tenant queue tests. Queues re-read their rows only every 10 minutes here and admin lists are
/// cached 10 minutes, so a change that shows within seconds came through the database's NOTIFY, not a timer. A user may
/// hold every worker of a queue (share 1), so one user's jobs reach a queue's limit.
/// </summary>
public sealed class QueuesServiceFixture : IAsyncLifetime
{
    public AloeServiceProcess Service { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Service = await AloeServiceProcess.StartAsync(E2eCatalog.Write, environment: new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Aloe__Queues__ReconcileInterval"] = "00:10:00",
            ["Aloe__Queues__MaxUserShareOfWorkers"] = "1",
            ["Aloe__Persistence__AdminCacheDuration"] = "00:10:00",
        });

    public async Task DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }
    }
}
