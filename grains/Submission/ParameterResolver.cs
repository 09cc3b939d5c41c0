using System.Text.Json;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// The parameters of a job against the app's declared parameters: names declared, hidden ones left to the app,
/// defaults applied, JSON types exactly as declared (no coercion), enumeration values, validator (only on a value of
/// the right type, within the request's budget), required.
/// Produces the stored form: a JSON object of parameter name → typed value, in the app's declaration order.
/// </summary>
internal static class ParameterResolver
{
    public static string Resolve(SubmissionRequest request, AppDefinition app, ValidationBudget budget, List<SubmissionError> errors)
    {
        var declared = app.Parameters.Select(parameter => parameter.Id).ToList();
        foreach (var name in request.Parameters.Keys.Where(name => !declared.Contains(name)))
        {
            var field = $"parameters.{JsonValueDescription.Shorten(name)}";
            errors.Add(new SubmissionError(field, $"{field}: is not a parameter of app {app.Id}; its parameters are {(declared.Count == 0 ? "none" : string.Join(", ", declared))}"));
        }

        var resolved = new List<(string Name, JsonElement Value)>();
        foreach (var parameter in app.Parameters)
        {
            var field = $"parameters.{parameter.Id}";
            var declaration = parameter.Value;
            var givenByUser = request.Parameters.TryGetValue(parameter.Id, out var given);

            // As in Agave, a parameter the app hides is the app's to set: a user value would silently change what
            // the app's author fixed.
            if (givenByUser && !declaration.Visible)
            {
                errors.Add(new SubmissionError(field, $"{field}: is fixed by app {app.Id} (not visible) and cannot be set; remove it"));
                continue;
            }

            var value = givenByUser ? given : declaration.Default;
            if (value is not { } json || json.ValueKind == JsonValueKind.Undefined || (!givenByUser && json.ValueKind == JsonValueKind.Null))
            {
                if (declaration.Required)
                {
                    errors.Add(new SubmissionError(field, $"{field}: is required by app {app.Id} and has no default; give {DescribeType(declaration)}"));
                }

                continue;
            }

            if (FindTypeProblem(declaration, json) is { } problem)
            {
                var source = givenByUser ? "" : $" (the default of app {app.Id}, which is misconfigured)";
                errors.Add(new SubmissionError(field, $"{field}: {problem}, got {JsonValueDescription.Describe(json)}{source}"));
                continue;
            }

            AppValidatorRule.Check(app, field, declaration.Validator, ParameterValueText.ToText(json) ?? "", budget, errors);
            resolved.Add((parameter.Id, json));
        }

        return Write(resolved);
    }

    private static string? FindTypeProblem(AppParameterValue declaration, JsonElement value) => declaration.Type switch
    {
        AppParameterType.@string when value.ValueKind != JsonValueKind.String => $"must be {DescribeType(declaration)}",
        AppParameterType.number when value.ValueKind != JsonValueKind.Number => $"must be {DescribeType(declaration)}",
        AppParameterType.@bool or AppParameterType.flag when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False) => $"must be {DescribeType(declaration)}",
        AppParameterType.enumeration when value.ValueKind != JsonValueKind.String || !declaration.EnumValues.Contains(value.GetString()) => $"must be {DescribeType(declaration)}",
        _ => null,
    };

    private static string DescribeType(AppParameterValue declaration) => declaration.Type switch
    {
        AppParameterType.@string => "a JSON string (app parameter type string)",
        AppParameterType.number => "a JSON number (app parameter type number)",
        AppParameterType.@bool => "JSON true or false (app parameter type bool)",
        AppParameterType.flag => "JSON true or false (app parameter type flag)",
        _ => $"a JSON string, one of {string.Join(", ", declaration.EnumValues.Select(allowed => $"\"{allowed}\""))} (app parameter type enumeration)",
    };

    private static string Write(IEnumerable<(string Name, JsonElement Value)> parameters) => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        foreach (var (name, value) in parameters)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
    });
}
