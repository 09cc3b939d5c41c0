using System.Net;
using System.Text.Json;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>An HTTP answer of the service: the status code, the parsed body (Undefined when not JSON), the raw text and the Location header.</summary>
public sealed record ApiResponse(HttpStatusCode Status, JsonElement Body, string Text, Uri? Location = null)
{
    /// <summary>The envelope's <c>result</c>.</summary>
    public JsonElement Result => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("result", out var result)
        ? result
        : throw new InvalidOperationException($"The answer ({(int)Status}) has no envelope result: {Text}");

    /// <summary>The envelope's <c>message</c>, or "" when there is none.</summary>
    public string Message => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("message", out var message)
                             && message.ValueKind == JsonValueKind.String
        ? message.GetString()!
        : "";

    public override string ToString() => $"{(int)Status} {Text}";
}
