using System.Text.Json;
using System.Text.RegularExpressions;
using AloeOrleans.Grains.Submission;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// The rules an app definition must follow before it is stored (docs/api.md, "An app"): its id is
/// <c>name-version</c>, its execution system exists in the tenant and is EXECUTION, its deployment system exists,
/// inputs and parameters are well formed. Pure: the tenant's systems are passed in.
/// </summary>
public static partial class AppDefinitionValidator
{
    public static IReadOnlyList<CatalogError> Validate(AppDefinition app, IReadOnlyDictionary<string, SystemDefinition> systems)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(systems);
        var errors = new List<CatalogError>();
        CheckIdentity(app, errors);
        CheckSystems(app, systems, errors);

        if (string.IsNullOrWhiteSpace(app.TemplatePath))
        {
            errors.Add(CatalogError.For("templatePath", "is required: the wrapper script's path, relative to deploymentPath"));
        }

        CheckPositive("defaultNodeCount", app.DefaultNodeCount, errors);
        CheckPositive("defaultProcessorsPerNode", app.DefaultProcessorsPerNode, errors);
        if (app.DefaultMemoryPerNode is { } memory && !MemorySize.TryParseGb(memory, out _, out var memoryError))
        {
            errors.Add(CatalogError.For("defaultMemoryPerNode", memoryError));
        }

        if (app.DefaultMaxRunTime is { } runTime && !RunTime.TryParseHours(runTime, out _, out var timeError))
        {
            errors.Add(CatalogError.For("defaultMaxRunTime", timeError));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < app.Inputs.Count; i++)
        {
            CheckInput($"inputs[{i}]", app.Inputs[i], names, errors);
        }

        for (var i = 0; i < app.Parameters.Count; i++)
        {
            CheckParameter($"parameters[{i}]", app.Parameters[i], names, errors);
        }

        return errors;
    }

    private static void CheckIdentity(AppDefinition app, List<CatalogError> errors)
    {
        CatalogRules.CheckId("name", app.Name, errors);
        if (!VersionPattern().IsMatch(app.Version))
        {
            errors.Add(CatalogError.For("version", $"must be numbers separated by dots (e.g. 1.0 or 2.1.3), got \"{CatalogRules.Shown(app.Version)}\""));
        }

        var expected = $"{app.Name}-{app.Version}";
        if (!string.Equals(app.Id, expected, StringComparison.Ordinal))
        {
            errors.Add(CatalogError.For("id", $"must be name-version, here \"{CatalogRules.Shown(expected)}\", got \"{CatalogRules.Shown(app.Id)}\"; or omit it"));
        }
        else
        {
            CatalogRules.CheckId("id", app.Id, errors);
        }
    }

    private static void CheckSystems(AppDefinition app, IReadOnlyDictionary<string, SystemDefinition> systems, List<CatalogError> errors)
    {
        var execution = systems.GetValueOrDefault(app.ExecutionSystem);
        if (execution is null)
        {
            errors.Add(CatalogError.For("executionSystem", $"no system \"{CatalogRules.Shown(app.ExecutionSystem)}\" exists in your tenant; register it first with POST /systems/v2"));
        }
        else if (execution.Type != SystemType.EXECUTION)
        {
            errors.Add(CatalogError.For("executionSystem", $"\"{CatalogRules.Shown(app.ExecutionSystem)}\" is a {execution.Type} system; an app runs on an EXECUTION system"));
        }
        else if (app.DefaultQueue is { } queue && !execution.Queues.Any(candidate => candidate.Name == queue))
        {
            errors.Add(CatalogError.For("defaultQueue", $"\"{CatalogRules.Shown(queue)}\" is not a queue of {app.ExecutionSystem}; its queues are {Names(execution.Queues.Select(q => q.Name))}"));
        }

        if (app.DeploymentSystem is { } deployment && !systems.ContainsKey(deployment))
        {
            errors.Add(CatalogError.For("deploymentSystem", $"no system \"{CatalogRules.Shown(deployment)}\" exists in your tenant; register it first with POST /systems/v2"));
        }
    }

    private static void CheckInput(string at, AppInput input, HashSet<string> names, List<CatalogError> errors)
    {
        CheckName($"{at}.id", input.Id, names, errors);
        CatalogRules.CheckPattern($"{at}.value.validator", input.Value.Validator, errors);
        var semantics = input.Semantics;
        if (semantics.MinCardinality < 0)
        {
            errors.Add(CatalogError.For($"{at}.semantics.minCardinality", $"must be 0 or more, got {semantics.MinCardinality}"));
        }

        if (semantics.MaxCardinality is 0 or < -1)
        {
            errors.Add(CatalogError.For($"{at}.semantics.maxCardinality", $"must be 1 or more, or -1 for no limit, got {semantics.MaxCardinality}"));
        }
        else if (semantics.MaxCardinality != -1 && semantics.MinCardinality > semantics.MaxCardinality)
        {
            errors.Add(CatalogError.For($"{at}.semantics", $"minCardinality {semantics.MinCardinality} is above maxCardinality {semantics.MaxCardinality}"));
        }
    }

    private static void CheckParameter(string at, AppParameter parameter, HashSet<string> names, List<CatalogError> errors)
    {
        CheckName($"{at}.id", parameter.Id, names, errors);
        var value = parameter.Value;
        CatalogRules.CheckPattern($"{at}.value.validator", value.Validator, errors);
        if (value.Type == AppParameterType.enumeration)
        {
            if (value.EnumValues.Count == 0)
            {
                errors.Add(CatalogError.For($"{at}.value.enumValues", "is required for type enumeration: the allowed values, e.g. [\"fast\",\"slow\"]"));
            }
            else if (value.EnumValues.Distinct(StringComparer.Ordinal).Count() != value.EnumValues.Count)
            {
                errors.Add(CatalogError.For($"{at}.value.enumValues", "must not repeat a value"));
            }
        }
        else if (value.EnumValues.Count > 0)
        {
            errors.Add(CatalogError.For($"{at}.value.enumValues", $"is only for type enumeration; this parameter is {value.Type}"));
        }

        if (value.Default is { } defaultValue && !DefaultMatches(value, defaultValue))
        {
            errors.Add(CatalogError.For($"{at}.value.default", value.Type == AppParameterType.enumeration
                ? $"must be one of the enumValues ({Names(value.EnumValues)}), got {JsonValueDescription.Describe(defaultValue)}"
                : $"must be a JSON {JsonTypeOf(value.Type)} for type {value.Type}, got {JsonValueDescription.Describe(defaultValue)}"));
        }
    }

    private static bool DefaultMatches(AppParameterValue value, JsonElement defaultValue) => value.Type switch
    {
        AppParameterType.@string => defaultValue.ValueKind == JsonValueKind.String,
        AppParameterType.number => defaultValue.ValueKind == JsonValueKind.Number,
        AppParameterType.@bool or AppParameterType.flag => defaultValue.ValueKind is JsonValueKind.True or JsonValueKind.False,
        AppParameterType.enumeration => defaultValue.ValueKind == JsonValueKind.String && value.EnumValues.Contains(defaultValue.GetString(), StringComparer.Ordinal),
        _ => false,
    };

    private static string JsonTypeOf(AppParameterType type) => type switch
    {
        AppParameterType.number => "number",
        AppParameterType.@bool or AppParameterType.flag => "boolean (true or false)",
        _ => "string",
    };

    private static void CheckName(string field, string id, HashSet<string> names, List<CatalogError> errors)
    {
        if (!NamePattern().IsMatch(id))
        {
            errors.Add(CatalogError.For(field, $"must start with a letter or '_' and continue with letters, digits, '_', '.' or '-', got \"{CatalogRules.Shown(id)}\""));
        }
        else if (!names.Add(id))
        {
            errors.Add(CatalogError.For(field, $"\"{CatalogRules.Shown(id)}\" is used by another input or parameter; ids must be unique across both"));
        }
    }

    private static void CheckPositive(string field, int? value, List<CatalogError> errors)
    {
        if (value is < 1)
        {
            errors.Add(CatalogError.For(field, $"must be 1 or more, got {value}"));
        }
    }

    private static string Names(IEnumerable<string> names) =>
        names.Any() ? string.Join(", ", names.Select(name => $"\"{CatalogRules.Shown(name)}\"")) : "(none)";

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_.-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\A[0-9]+(\.[0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
