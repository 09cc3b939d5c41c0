namespace AloeOrleans.Grains.Catalog;

/// <summary>One declared input file of an app.</summary>
public sealed record AppInput
{
    public required string Id { get; init; }
    public AppInputValue Value { get; init; } = new();
    public AppInputSemantics Semantics { get; init; } = new();
    public AppFieldDetails? Details { get; init; }
}
