using System.Runtime.Versioning;

namespace AloeOrleans.Grains.Execution;

/// <summary>Jobs run on Linux (setsid, process groups, file owners and modes): code that sets file modes checks this first.</summary>
internal static class PlatformGuard
{
    /// <summary>Not Windows: file modes and owners exist.</summary>
    [UnsupportedOSPlatformGuard("windows")]
    public static bool IsUnix => !OperatingSystem.IsWindows();

    public static PlatformNotSupportedException NotSupported() => new("AloeOrleans runs jobs on Linux only.");
}
