namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// How many values an input takes. <see cref="MaxCardinality"/> of -1 means unbounded (Agave's convention).
/// <see cref="Ontology"/> and <see cref="FileTypes"/> are Agave's descriptive terms, kept as given.
/// </summary>
public sealed record AppInputSemantics
{
    public int MinCardinality { get; init; }
    public int MaxCardinality { get; init; } = 1;
    public IReadOnlyList<string>? Ontology { get; init; }
    public IReadOnlyList<string>? FileTypes { get; init; }
}
