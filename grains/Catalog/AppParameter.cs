namespace AloeOrleans.Grains.Catalog;

/// <summary>One declared parameter of an app.</summary>
public sealed record AppParameter
{
    public required string Id { get; init; }
    public AppParameterValue Value { get; init; } = new();
}
