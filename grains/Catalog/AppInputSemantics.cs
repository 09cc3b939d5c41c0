namespace AloeOrleans.Grains.Catalog;

/// <summary>How many values an input takes. <see cref="MaxCardinality"/> of -1 means unbounded (Agave's convention).</summary>
public sealed record AppInputSemantics
{
    public int MinCardinality { get; init; }
    public int MaxCardinality { get; init; } = 1;
}
