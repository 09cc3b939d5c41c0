namespace AloeOrleans.Tests.Grains;

/// <summary>Process facts read from /proc.</summary>
public static class Processes
{
    /// <summary>Whether <paramref name="pid"/> exists and is not a zombie (a zombie has ended; only its parent has not reaped it).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] != "Z";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
