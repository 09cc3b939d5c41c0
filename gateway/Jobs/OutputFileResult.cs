using System.Globalization;
using AloeOrleans.Grains.Outputs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// A job's output file, streamed from its system into the response (never held in memory; docs/api.md, "Job outputs"):
/// the whole file (200) or one range of it (206), with Content-Type from its name, Content-Length, Last-Modified and
/// Accept-Ranges. Headers are written only once the file is open, so a file that vanished is still an envelope error.
/// </summary>
internal sealed class OutputFileResult(OutputFolder folder, OutputTarget target, ByteRange range) : IResult
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static string ContentTypeOf(string name) =>
        ContentTypes.TryGetContentType(name, out var type) ? type : "application/octet-stream";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var length = target.Entry.Length;
        var count = range.Count(length);
        var first = range.Kind == ByteRangeKind.Partial ? range.First : 0;
        await folder.Files.ReadFromAsync(target.AbsolutePath, first, async (stream, ct) =>
        {
            response.StatusCode = range.Kind == ByteRangeKind.Partial ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK;
            response.ContentType = ContentTypeOf(target.Entry.Name);
            response.ContentLength = count;
            response.Headers[HeaderNames.AcceptRanges] = "bytes";
            response.Headers[HeaderNames.LastModified] = target.Entry.LastModified.ToString("R", CultureInfo.InvariantCulture);
            if (range.Kind == ByteRangeKind.Partial)
            {
                response.Headers[HeaderNames.ContentRange] = $"bytes {range.First}-{range.Last}/{length}";
            }

            await CopyAsync(stream, response.Body, count, ct);
        }, httpContext.RequestAborted);
    }

    /// <summary>Copies exactly <paramref name="count"/> bytes (the length announced), in 64 KiB pieces.</summary>
    private static async Task CopyAsync(Stream source, Stream destination, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
            if (read == 0)
            {
                // The file shrank after it was measured: the response is cut short, and the client sees fewer bytes than announced.
                throw new IOException("The file ended before the length announced in Content-Length.");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            count -= read;
        }
    }
}
