using Microsoft.AspNetCore.Http;
using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>The absolute URLs of a job's <c>_links</c> and <c>Location</c>, under one base URL ending in <c>/</c>.</summary>
public sealed class JobLinks
{
    public JobLinks(string baseUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseUrl);
        BaseUrl = baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/";
    }

    public string BaseUrl { get; }

    /// <summary>Links under the configured base URL, or under the request's own scheme, host and path base when none is set.</summary>
    public static JobLinks For(HttpRequest request, string? configuredBaseUrl) =>
        new(string.IsNullOrWhiteSpace(configuredBaseUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}/" : configuredBaseUrl);

    public string Self(Guid id) => $"{BaseUrl}jobs/v2/{id}";

    public string App(string appId) => $"{BaseUrl}apps/v2/{Segment(appId)}";

    public string System(string systemId) => $"{BaseUrl}systems/v2/{Segment(systemId)}";

    public string Owner(string owner) => $"{BaseUrl}profiles/v2/{Segment(owner)}";

    public string Permissions(Guid id) => $"{Self(id)}/pems";

    public string History(Guid id) => $"{Self(id)}/history";

    public string Notifications(Guid id) => $"{BaseUrl}notifications/v2/?associatedUuid={id}";

    /// <summary>
    /// The job's outputs: the listing route, which reads the archived copy once the job is archived and the live work
    /// folder before (docs/api.md, "Job outputs"). This service has no /files/v2 API to point at.
    /// </summary>
    public string ArchiveData(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return $"{Self(job.Uuid)}/outputs/listings";
    }

    /// <summary>The download URL of an output file, <paramref name="relative"/> to the job's output folder.</summary>
    public string OutputMedia(Guid id, string relative) => $"{Self(id)}/outputs/media/{Path(relative)}";

    private static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>Escapes each segment of a path but keeps its slashes.</summary>
    private static string Path(string path) =>
        string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
}
