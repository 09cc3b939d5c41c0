using System.Text.Json;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// A parameter's declared type and rules. <see cref="EnumValues"/> accepts Agave's two forms (plain strings, or
/// one-key objects <c>{"value":"label"}</c>), normalised to the values, and Agave's export spelling <c>enum_values</c>.
/// <see cref="Order"/> and <see cref="Enquote"/> are kept as given.
/// </summary>
public sealed record AppParameterValue
{
    public AppParameterType Type { get; init; } = AppParameterType.@string;
    public JsonElement? Default { get; init; }
    public bool Required { get; init; }
    public bool Visible { get; init; } = true;
    public string? Validator { get; init; }
    public IReadOnlyList<string> EnumValues { get; init; } = [];
    public int? Order { get; init; }
    public bool? Enquote { get; init; }
}
