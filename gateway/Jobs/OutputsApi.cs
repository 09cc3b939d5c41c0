using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Envelope;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Grains.Outputs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// A job's output files (docs/api.md, "Job outputs"): <c>GET /jobs/v2/{id}/outputs/listings[/{path}]</c> lists a folder,
/// <c>GET /jobs/v2/{id}/outputs/media/{path}</c> downloads a file, for anyone who may read the job.
/// </summary>
internal static class OutputsApi
{
    public static RouteGroupBuilder MapOutputsApi(this RouteGroupBuilder jobs)
    {
        jobs.MapGet("{id}/outputs/listings", (string id, HttpContext context, [FromServices] JobAccess access) =>
            ListAsync(id, null, context, access));
        jobs.MapGet("{id}/outputs/listings/{**path}", ListAsync);
        jobs.MapGet("{id}/outputs/media/{**path}", DownloadAsync);
        return jobs;
    }

    private static Task<IResult> ListAsync(string id, string? path, HttpContext context, [FromServices] JobAccess access) =>
        WithTargetAsync(id, path, context, access, async (outputs, job, folder, target) =>
        {
            if (!PageParameters.TryParse(context.Request.Query, out var page, out var error))
            {
                return EnvelopeResult.Error(StatusCodes.Status400BadRequest, error);
            }

            var links = access.Links(context.Request);
            // A file lists as itself, as Agave's listing of a file path does.
            IReadOnlyList<FileEntry> entries = target.Entry.Kind == FileKind.Directory
                ? await outputs.ListAsync(folder, target, context.RequestAborted)
                : [target.Entry];
            var parent = target.Entry.Kind == FileKind.Directory ? target.RelativePath : ParentOf(target.RelativePath);
            var items = entries.Skip(page.Offset).Take(page.Limit)
                .Select(entry => (JsonNode)OutputListingJson.ToJson(job.Uuid, folder.SystemId, parent, entry, links));
            return EnvelopeResult.Ok(new JsonArray([.. items]));
        });

    private static Task<IResult> DownloadAsync(string id, string? path, HttpContext context, [FromServices] JobAccess access) =>
        WithTargetAsync(id, path, context, access, (_, job, folder, target) =>
        {
            if (target.Entry.Kind == FileKind.Directory)
            {
                var listing = access.Links(context.Request).Self(job.Uuid) + "/outputs/listings/" + target.RelativePath;
                return Task.FromResult<IResult>(EnvelopeResult.Error(StatusCodes.Status400BadRequest,
                    $"'{(target.RelativePath.Length == 0 ? "/" : target.RelativePath)}' is a folder, not a file: list it with GET {listing}"));
            }

            var range = ByteRange.Parse(context.Request.Headers.Range, target.Entry.Length);
            return Task.FromResult<IResult>(range.Kind == ByteRangeKind.Unsatisfiable
                ? EnvelopeResult.Error(StatusCodes.Status416RangeNotSatisfiable,
                        $"Range '{context.Request.Headers.Range}' lies outside the file, which has {target.Entry.Length} bytes.")
                    .WithHeader("Content-Range", $"bytes */{target.Entry.Length}")
                : new OutputFileResult(folder, target, range));
        });

    /// <summary>
    /// Runs <paramref name="onTarget"/> with the file or folder at <paramref name="path"/> in the output folder of a job the
    /// caller may read; otherwise the refusal: 401, 404 for a job they may not see or a path with nothing readable, 400 for a
    /// path that would leave the folder.
    /// </summary>
    private static async Task<IResult> WithTargetAsync(string id, string? path, HttpContext context, JobAccess access,
        Func<JobOutputs, GrainInterfaces.Jobs.JobRecord, OutputFolder, OutputTarget, Task<IResult>> onTarget)
    {
        if (await access.CallerAsync(context) is not { } caller)
        {
            return EnvelopeResult.Error(StatusCodes.Status401Unauthorized, Auth.TokenFailureMessages.Missing);
        }

        var lookup = await access.LookupAsync(id, caller, JobRight.Read, context.RequestAborted);
        if (lookup.Job is not { } job)
        {
            return JobAccess.Refusal(lookup, id, JobRight.Read);
        }

        if (!OutputPath.TryNormalize(path, out var segments, out var error))
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, error);
        }

        // Resolved only for a caller who may read the job: the files are reached after the access decision.
        var outputs = context.RequestServices.GetRequiredService<JobOutputs>();
        try
        {
            var folder = await outputs.FolderAsync(job, context.RequestAborted);
            var target = await outputs.FindAsync(folder, segments, context.RequestAborted);
            return await onTarget(outputs, job, folder, target);
        }
        catch (OutputNotFoundException notFound)
        {
            return EnvelopeResult.Error(StatusCodes.Status404NotFound, notFound.Message);
        }
        catch (Exception missing) when (missing is FileNotFoundException or DirectoryNotFoundException && !context.Response.HasStarted)
        {
            // Gone between the look and the read (a running job deletes its files).
            return EnvelopeResult.Error(StatusCodes.Status404NotFound, $"No output '{string.Join('/', segments)}' in the job's output folder.");
        }
    }

    private static string ParentOf(string relative)
    {
        var slash = relative.LastIndexOf('/');
        return slash < 0 ? "" : relative[..slash];
    }
}
