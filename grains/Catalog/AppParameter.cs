namespace AloeOrleans.Grains.Catalog;

/// <summary>One declared parameter of an app.</summary>
public sealed record AppParameter
{
    public required string Id { get; init; }
    public AppParameterValue Value { get; init; } = new();
    public AppFieldDetails? Details { get; init; }
    public AppParameterSemantics? Semantics { get; init; }
}
