namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// Agave's <c>details</c> of an input, parameter or output: how a form shows it. Descriptive: Aloe puts a value where
/// the template says (<c>${id}</c>), so <see cref="Argument"/> and <see cref="ShowArgument"/> are kept, not applied.
/// </summary>
public sealed record AppFieldDetails
{
    public string? Label { get; init; }
    public string? Description { get; init; }
    public string? Argument { get; init; }
    public bool? ShowArgument { get; init; }
    public bool? RepeatArgument { get; init; }
}
