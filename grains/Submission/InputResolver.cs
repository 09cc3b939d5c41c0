using System.Text.Json;
using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// The inputs of a job against the app's declared inputs: names declared, app defaults applied, cardinality,
/// required, validator. Produces the stored form: a JSON object of input name → array of strings, in the app's
/// declaration order.
/// </summary>
internal static class InputResolver
{
    public static string Resolve(SubmissionRequest request, AppDefinition app, List<SubmissionError> errors)
    {
        var declared = app.Inputs.Select(input => input.Id).ToList();
        foreach (var name in request.Inputs.Keys.Where(name => !declared.Contains(name)))
        {
            var field = $"inputs.{JsonValueDescription.Shorten(name)}";
            errors.Add(new SubmissionError(field, $"{field}: is not an input of app {app.Id}; its inputs are {DescribeNames(declared)}"));
        }

        var resolved = new List<(string Name, IReadOnlyList<string> Values)>();
        foreach (var input in app.Inputs)
        {
            var field = $"inputs.{input.Id}";
            var values = request.Inputs.TryGetValue(input.Id, out var given) ? given : ReadDefault(app, input, field, errors);
            if (values.Count == 0)
            {
                if (input.Value.Required)
                {
                    errors.Add(new SubmissionError(field, $"{field}: is required by app {app.Id} and has no default; give a path or URI"));
                }

                continue;
            }

            CheckCardinality(field, input.Semantics, values.Count, errors);
            foreach (var value in values)
            {
                AppValidatorRule.Check(app, field, input.Value.Validator, value, errors);
            }

            resolved.Add((input.Id, values));
        }

        return Write(resolved);
    }

    /// <summary>Cardinality is checked only for inputs that have values; a missing input is the required rule's business.</summary>
    private static void CheckCardinality(string field, AppInputSemantics semantics, int count, List<SubmissionError> errors)
    {
        var unbounded = semantics.MaxCardinality < 0;
        if (count < semantics.MinCardinality)
        {
            errors.Add(new SubmissionError(field, $"{field}: needs at least {semantics.MinCardinality} values, got {count}"));
        }
        else if (!unbounded && count > semantics.MaxCardinality)
        {
            errors.Add(new SubmissionError(field, $"{field}: takes at most {semantics.MaxCardinality} value{(semantics.MaxCardinality == 1 ? "" : "s")}, got {count}"));
        }
    }

    private static IReadOnlyList<string> ReadDefault(AppDefinition app, AppInput input, string field, List<SubmissionError> errors)
    {
        if (input.Value.Default is not { } json || json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return [];
        }

        if (json.ValueKind == JsonValueKind.String)
        {
            return [json.GetString()!];
        }

        if (json.ValueKind == JsonValueKind.Array && json.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String))
        {
            return json.EnumerateArray().Select(item => item.GetString()!).ToList();
        }

        errors.Add(new SubmissionError(field, $"{field}: app {app.Id} is misconfigured: the input's default must be a string or an array of strings; ask the app's owner to fix it, or give the input"));
        return [];
    }

    private static string Write(IEnumerable<(string Name, IReadOnlyList<string> Values)> inputs) => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        foreach (var (name, values) in inputs)
        {
            writer.WriteStartArray(name);
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    });

    private static string DescribeNames(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
