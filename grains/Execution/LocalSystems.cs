using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Grains.Execution;

/// <summary>Which systems are LOCAL: reached without a network protocol, so bound to the host of the silos.</summary>
public static class LocalSystems
{
    /// <summary>True when the system's jobs run here (no login protocol, or LOCAL) or its files are here (LOCAL storage).</summary>
    public static bool IsLocal(SystemDefinition system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var runsHere = system.Type == SystemType.EXECUTION
            && string.Equals(system.Login?.Protocol ?? "LOCAL", "LOCAL", StringComparison.OrdinalIgnoreCase);
        return runsHere
            || string.Equals(system.Storage.Protocol, "LOCAL", StringComparison.OrdinalIgnoreCase);
    }
}
