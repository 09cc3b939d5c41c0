using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AloeOrleans.Gateway.Envelope;

/// <summary>Writes an enveloped, shaped body to a response; the one place any part of the gateway emits JSON.</summary>
public static class EnvelopeWriter
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public static Task WriteSuccessAsync(HttpContext context, int statusCode, JsonNode? result) =>
        WriteAsync(context, statusCode, ResponseShaper.Success, null, result);

    public static Task WriteErrorAsync(HttpContext context, int statusCode, string message) =>
        WriteAsync(context, statusCode, ResponseShaper.Error, message, null);

    private static Task WriteAsync(HttpContext context, int statusCode, string status, string? message, JsonNode? result)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var options = ShapeOptions.Parse(query["pretty"], query["naked"], query["filter"]);
        var body = ResponseShaper.Render(status, message, ServiceVersion.Value, result, options);

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = JsonContentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
