using System.Text.Json;
using AloeOrleans.Gateway.Envelope;
using Microsoft.AspNetCore.Http;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>Reads <c>action</c> from the body of a legacy <c>POST /jobs/v2/{id}</c>: JSON or form-encoded.</summary>
internal static class LegacyActionBody
{
    /// <returns>The action (null when absent), or an error answer for an unreadable body.</returns>
    public static async Task<(string? Action, EnvelopeResult? Error)> ReadAsync(HttpContext context, long maxBytes)
    {
        var request = context.Request;
        if (RequestBody.IsForm(request))
        {
            try
            {
                var form = await request.ReadFormAsync(context.RequestAborted);
                return (form["action"].FirstOrDefault(), null);
            }
            catch (InvalidDataException exception)
            {
                return (null, BadBody($"The form body could not be read: {exception.Message}"));
            }
        }

        // The Agave CLI sometimes sends JSON without a Content-Type; anything else declared is refused.
        if (!string.IsNullOrEmpty(request.ContentType) && !RequestBody.IsJson(request))
        {
            return (null, EnvelopeResult.Error(
                StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type must be application/json or application/x-www-form-urlencoded, not '{request.ContentType}'."));
        }

        var body = await RequestBody.ReadAsync(request, maxBytes, context.RequestAborted);
        if (body.Length == 0)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, BadBody("The JSON body must be an object such as {\"action\":\"stop\"}."));
            }

            if (!document.RootElement.TryGetProperty("action", out var action))
            {
                return (null, null);
            }

            return action.ValueKind == JsonValueKind.String
                ? (action.GetString(), null)
                : (null, BadBody("The 'action' field must be a string."));
        }
        catch (JsonException exception)
        {
            return (null, BadBody($"The body is not valid JSON: {exception.Message}"));
        }
    }

    private static EnvelopeResult BadBody(string message) => EnvelopeResult.Error(StatusCodes.Status400BadRequest, message);
}
