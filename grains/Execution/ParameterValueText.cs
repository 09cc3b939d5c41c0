using System.Text.Json;

namespace AloeOrleans.Grains.Execution;

/// <summary>
/// The text form of a typed parameter value, used both for an app's validator regex and for the wrapper script.
/// Decision: strings and enumeration values as they are; numbers exactly as the user wrote them (no reformatting, so
/// <c>1e3</c> stays <c>1e3</c>); bool and flag as <c>true</c>/<c>false</c> (apps have no per-parameter argument text
/// in this catalog, so a flag cannot expand to e.g. <c>-v</c>; a template tests <c>[ ${verbose} = true ]</c>);
/// JSON null means "no value" and gives null.
/// </summary>
public static class ParameterValueText
{
    public static string? ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => throw new ArgumentException($"A parameter value must be a JSON scalar, not {value.ValueKind}.", nameof(value)),
    };
}
