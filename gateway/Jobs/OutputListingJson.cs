using System.Text.Json.Nodes;
using AloeOrleans.Grains.Execution.Files;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// One item of <c>GET /jobs/v2/{id}/outputs/listings</c> in Agave's shape (docs/api.md, "Job outputs"): <c>path</c> is
/// relative to the job's output folder with a leading <c>/</c>, which Agave's client appends to the media URL.
/// </summary>
internal static class OutputListingJson
{
    public static JsonObject ToJson(Guid jobId, string systemId, string parentRelative, FileEntry entry, JobLinks links)
    {
        var relative = parentRelative.Length == 0 ? entry.Name : $"{parentRelative}/{entry.Name}";
        var folder = entry.Kind == FileKind.Directory;
        return new JsonObject
        {
            ["name"] = entry.Name,
            ["path"] = "/" + relative,
            ["lastModified"] = entry.LastModified.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture),
            ["length"] = entry.Length,
            ["permission"] = entry.Writable ? "READ_WRITE" : "READ",
            ["mimeType"] = folder ? "text/directory" : OutputFileResult.ContentTypeOf(entry.Name),
            ["format"] = folder ? "folder" : "raw",
            ["type"] = folder ? "dir" : "file",
            ["_links"] = new JsonObject
            {
                ["self"] = new JsonObject { ["href"] = links.OutputMedia(jobId, relative) },
                ["system"] = new JsonObject { ["href"] = links.System(systemId) },
                ["parent"] = new JsonObject { ["href"] = links.Self(jobId) },
            },
        };
    }
}
