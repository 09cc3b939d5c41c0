using Orleans.Runtime;

namespace AloeOrleans.Grains.Events;

/// <summary>
/// The Orleans streams that fan job event signals out to every silo (docs/notifications.md, "The event stream"): one
/// per job, and one per tenant that the per-user streams listen to.
/// </summary>
public static class JobEventStreams
{
    public const string ProviderName = "aloe-events";
    public const string PubSubStorageName = "PubSubStore";

    public static StreamId ForJob(Guid jobUuid) => StreamId.Create("aloe-job", jobUuid);

    public static StreamId ForTenant(string tenantId) => StreamId.Create("aloe-tenant", tenantId);
}
