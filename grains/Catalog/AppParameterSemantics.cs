namespace AloeOrleans.Grains.Catalog;

/// <summary>Agave's semantics of a parameter: descriptive, kept as given (a parameter takes one value in Aloe).</summary>
public sealed record AppParameterSemantics
{
    public int? MinCardinality { get; init; }
    public int? MaxCardinality { get; init; }
    public IReadOnlyList<string>? Ontology { get; init; }
}
