namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// The operator's seed files cannot be applied (an invalid system, or LOCAL roots that break the confinement rules of
/// docs/security.md): nothing was written, and the service refuses to start, naming each problem.
/// </summary>
public sealed class CatalogSeedRefusedException(IReadOnlyList<string> problems)
    : Exception("The seed catalog cannot be applied (docs/security.md):\n  " + string.Join("\n  ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
