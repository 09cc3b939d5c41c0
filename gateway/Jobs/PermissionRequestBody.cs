using System.Text.Json;
using AloeOrleans.Gateway.Envelope;
using Microsoft.AspNetCore.Http;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// Reads the body of <c>POST /jobs/v2/{id}/pems[/{user}]</c>: a JSON object or form fields (the Agave command line sends
/// either), with only <c>username</c> and <c>permission</c>, both strings. Anything else is refused by name rather than
/// ignored, so a misspelt field cannot silently grant nothing.
/// </summary>
internal static class PermissionRequestBody
{
    private static readonly string[] Fields = ["username", "permission"];

    /// <returns>The request, or an error answer for a body that cannot be one.</returns>
    public static async Task<(PermissionRequest? Request, EnvelopeResult? Error)> ReadAsync(HttpContext context, long maxBytes)
    {
        var request = context.Request;
        if (RequestBody.IsForm(request))
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException exception)
            {
                return (null, BadBody($"The form body could not be read: {exception.Message}"));
            }

            if (form.Keys.FirstOrDefault(key => !Fields.Contains(key, StringComparer.Ordinal)) is { } unknownField)
            {
                return (null, UnknownField(unknownField));
            }

            if (form.Keys.FirstOrDefault(key => form[key].Count > 1) is { } repeated)
            {
                return (null, BadBody($"{repeated} is given {form[repeated].Count} times; give it once."));
            }

            return (new PermissionRequest(FormValue(form, "username"), FormValue(form, "permission")), null);
        }

        // As for the legacy action form, JSON may come without a Content-Type; anything else declared is refused.
        if (!string.IsNullOrEmpty(request.ContentType) && !RequestBody.IsJson(request))
        {
            return (null, EnvelopeResult.Error(
                StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type must be application/json or application/x-www-form-urlencoded, not '{request.ContentType}'."));
        }

        var body = await RequestBody.ReadAsync(request, maxBytes, context.RequestAborted);
        if (body.Length == 0)
        {
            return (new PermissionRequest(null, null), null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, BadBody("The JSON body must be an object such as {\"username\":\"bob\",\"permission\":\"READ\"}."));
            }

            string? username = null;
            string? permission = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!Fields.Contains(property.Name, StringComparer.Ordinal))
                {
                    return (null, UnknownField(property.Name));
                }

                if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    return (null, BadBody($"{property.Name} must be a string, not {property.Value.ValueKind.ToString().ToLowerInvariant()}."));
                }

                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                if (property.Name == "username")
                {
                    username = value;
                }
                else
                {
                    permission = value;
                }
            }

            return (new PermissionRequest(username, permission), null);
        }
        catch (JsonException exception)
        {
            return (null, BadBody($"The body is not valid JSON: {exception.Message}"));
        }
    }

    private static string? FormValue(IFormCollection form, string field) =>
        form.TryGetValue(field, out var values) ? values.ToString() : null;

    private static EnvelopeResult UnknownField(string name) => BadBody(
        $"Unknown field '{(name.Length <= 64 ? name : name[..64] + "…")}' in the body: a permission request has only username and permission.");

    private static EnvelopeResult BadBody(string message) => EnvelopeResult.Error(StatusCodes.Status400BadRequest, message);
}
