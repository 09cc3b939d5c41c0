using AloeOrleans.Gateway.Jobs;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Notifications;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Notifications;

/// <summary>
/// A job as its notifications show it: the body is exactly what <c>GET /jobs/v2/{id}</c> returns as its result, with
/// links under <c>Aloe:Gateway:BaseUrl</c>, or under this server's first listening address when none is configured
/// (a notification has no request to take a host from). docs/notifications.md.
/// </summary>
public sealed class JobNotificationView(IOptionsMonitor<GatewayOptions> options, IServiceProvider services) : INotificationView
{
    public JobNotificationContext Context(JobRecord job, string eventName, string status)
    {
        ArgumentNullException.ThrowIfNull(job);
        var links = Links();
        return new JobNotificationContext
        {
            JobUuid = job.Uuid,
            Event = eventName,
            Status = status,
            TenantId = job.TenantId,
            Owner = job.Owner,
            Name = job.Spec.Name,
            AppId = job.Spec.AppId,
            SystemId = job.Spec.SystemId,
            Message = job.LastStatusMessage,
            JobUrl = links.Self(job.Uuid),
            ArchivePath = job.Spec.Archive.Path ?? "",
            ArchiveUrl = links.ArchiveData(job),
            Error = job.Status == JobStatus.FAILED ? job.LastStatusMessage : "",
            SubmitTime = job.RemoteSubmitted ?? job.Created,
            StartTime = job.RemoteStarted,
            EndTime = job.Ended,
        };
    }

    public string WebhookBody(JobRecord job) => JobJson.ToJson(job, Links()).ToJsonString();

    private JobLinks Links()
    {
        if (options.CurrentValue.BaseUrl is { Length: > 0 } configured)
        {
            return new JobLinks(configured);
        }

        var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return new JobLinks(address is null ? "http://localhost/" : Reachable(address));
    }

    /// <summary>A wildcard listening address as a URL a receiver can use on this host.</summary>
    private static string Reachable(string address) => address
        .Replace("://+", "://localhost", StringComparison.Ordinal)
        .Replace("://*", "://localhost", StringComparison.Ordinal)
        .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
        .Replace("://[::]", "://localhost", StringComparison.Ordinal);
}
