namespace AloeOrleans.Grains.Execution;

/// <summary>The operator's seed files declare LOCAL roots that break the confinement rules; the service refuses to start.</summary>
public sealed class LocalRootConfinementException(IReadOnlyList<string> violations)
    : Exception("LOCAL storage roots break the confinement rules (docs/security.md):\n  " + string.Join("\n  ", violations))
{
    public IReadOnlyList<string> Violations { get; } = violations;
}
