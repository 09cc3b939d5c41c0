using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AloeOrleans.Gateway.Envelope;

/// <summary>The typed result of every legacy endpoint: an enveloped success or error, plus any response headers.</summary>
public sealed class EnvelopeResult : IResult, IStatusCodeHttpResult
{
    private EnvelopeResult(int statusCode, JsonNode? result, string? message)
    {
        StatusCode = statusCode;
        Result = result;
        Message = message;
    }

    public int StatusCode { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    /// <summary>The payload of a success; null for errors.</summary>
    public JsonNode? Result { get; }

    /// <summary>The human sentence of an error; null for successes.</summary>
    public string? Message { get; }

    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public bool IsSuccess => Message is null;

    public static EnvelopeResult Ok(JsonNode? result) => new(StatusCodes.Status200OK, result, null);

    public static EnvelopeResult Created(JsonNode? result, string location)
    {
        var created = new EnvelopeResult(StatusCodes.Status201Created, result, null);
        created.Headers["Location"] = location;
        return created;
    }

    public static EnvelopeResult Error(int statusCode, string message) => new(statusCode, null, message);

    public EnvelopeResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        foreach (var (name, value) in Headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        return IsSuccess
            ? EnvelopeWriter.WriteSuccessAsync(httpContext, StatusCode, Result)
            : EnvelopeWriter.WriteErrorAsync(httpContext, StatusCode, Message!);
    }
}
