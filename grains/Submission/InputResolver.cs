using System.Text.Json;
using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// The inputs of a job against the app's declared inputs: names declared, app defaults applied, cardinality (and the
/// service's bound on inputs the app leaves unbounded), required, validator. The validator runs only on an input
/// whose count is right, within the request's budget. Produces the stored form: a JSON object of input name → array
/// of strings, in the app's declaration order.
/// </summary>
internal static class InputResolver
{
    public static string Resolve(SubmissionRequest request, AppDefinition app, SubmissionLimits limits, ValidationBudget budget, List<SubmissionError> errors)
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

            // A wrong count already refuses the request: checking thousands of values against the validator
            // would only spend time on an answer that cannot change.
            if (!CheckCardinality(field, input.Semantics, values.Count, limits.MaxValuesPerInput, errors))
            {
                continue;
            }

            foreach (var value in values)
            {
                AppValidatorRule.Check(app, field, input.Value.Validator, value, budget, errors);
            }

            resolved.Add((input.Id, values));
        }

        return Write(resolved);
    }

    /// <summary>
    /// Cardinality is checked only for inputs that have values; a missing input is the required rule's business. An
    /// unbounded <c>maxCardinality</c> (negative) is bounded by <paramref name="maxValuesPerInput"/>. False when the
    /// count is wrong.
    /// </summary>
    private static bool CheckCardinality(string field, AppInputSemantics semantics, int count, int maxValuesPerInput, List<SubmissionError> errors)
    {
        var unbounded = semantics.MaxCardinality < 0;
        if (count < semantics.MinCardinality)
        {
            errors.Add(new SubmissionError(field, $"{field}: needs at least {semantics.MinCardinality} values, got {count}"));
            return false;
        }

        if (!unbounded && count > semantics.MaxCardinality)
        {
            errors.Add(new SubmissionError(field, $"{field}: takes at most {semantics.MaxCardinality} value{(semantics.MaxCardinality == 1 ? "" : "s")}, got {count}"));
            return false;
        }

        if (unbounded && count > maxValuesPerInput)
        {
            errors.Add(new SubmissionError(field, $"{field}: takes at most {maxValuesPerInput} values (this service's limit for an input without a maxCardinality), got {count}"));
            return false;
        }

        return true;
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
