using System.Text.Json;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// How an input is given: its default (a string or an array of strings), whether required, a regex validator.
/// <see cref="Order"/> and <see cref="Enquote"/> are Agave's, kept as given (the template decides order and quoting).
/// </summary>
public sealed record AppInputValue
{
    public JsonElement? Default { get; init; }
    public bool Required { get; init; }
    public bool Visible { get; init; } = true;
    public string? Validator { get; init; }
    public int? Order { get; init; }
    public bool? Enquote { get; init; }
}
