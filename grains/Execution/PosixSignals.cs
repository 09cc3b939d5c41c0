using System.Runtime.InteropServices;

namespace AloeOrleans.Grains.Execution;

/// <summary>Signals to whole process groups, which .NET's Process API cannot address.</summary>
internal static class PosixSignals
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    /// <summary>Continues a stopped process (Linux numbering, as every platform this service runs on).</summary>
    public const int SIGCONT = 18;

    /// <summary>Stops a process; it cannot be caught or ignored.</summary>
    public const int SIGSTOP = 19;

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="processGroup"/>; false when none is left.</summary>
    public static bool SignalGroup(int processGroup, int signal) => kill(-processGroup, signal) == 0;

    /// <summary>Whether any process of the group still exists.</summary>
    public static bool GroupExists(int processGroup) => kill(-processGroup, 0) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
