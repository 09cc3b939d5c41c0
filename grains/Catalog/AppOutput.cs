namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// One of Agave's declared outputs of an app: descriptive, kept as given. Aloe archives the whole work dir, so an
/// output is neither required nor checked.
/// </summary>
public sealed record AppOutput
{
    public required string Id { get; init; }
    public AppOutputValue? Value { get; init; }
    public AppFieldDetails? Details { get; init; }
    public AppInputSemantics? Semantics { get; init; }
}
