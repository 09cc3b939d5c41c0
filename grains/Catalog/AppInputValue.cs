using System.Text.Json;

namespace AloeOrleans.Grains.Catalog;

/// <summary>How an input is given: its default (a string or an array of strings), whether required, a regex validator.</summary>
public sealed record AppInputValue
{
    public JsonElement? Default { get; init; }
    public bool Required { get; init; }
    public bool Visible { get; init; } = true;
    public string? Validator { get; init; }
}
