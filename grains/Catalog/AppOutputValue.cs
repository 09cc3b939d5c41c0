using System.Text.Json;

namespace AloeOrleans.Grains.Catalog;

/// <summary>Agave's value block of an output (its default name pattern, validator, order); kept as given.</summary>
public sealed record AppOutputValue
{
    public JsonElement? Default { get; init; }
    public string? Validator { get; init; }
    public int? Order { get; init; }
}
