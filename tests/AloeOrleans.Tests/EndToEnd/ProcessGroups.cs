using System.Runtime.InteropServices;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>POSIX signals and process-group inspection, which .NET's Process API cannot do.</summary>
internal static class ProcessGroups
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    /// <summary>
    /// How the harness looks for job pid files: every folder, but never through a link. Jobs leave links behind (the
    /// outputs app links <c>..</c>), and following them would walk the work folders again and again, without end.
    /// </summary>
    public static readonly EnumerationOptions PidFileSearch = new()
    {
        RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true,
    };

    /// <summary><c>kill(pid, signal)</c>; a negative pid addresses a whole process group. False when nothing was signalled.</summary>
    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    /// <summary>The pids of every live process whose process group is <paramref name="group"/> (from /proc/*/stat).</summary>
    public static IReadOnlyList<int> Members(int group) => MemberStates(group).Select(member => member.Pid).ToList();

    /// <summary>
    /// Every live (not zombie) process of group <paramref name="group"/> with its state letter from /proc/&lt;pid&gt;/stat:
    /// <c>T</c> stopped by a signal, <c>S</c> sleeping, <c>R</c> running …
    /// </summary>
    public static IReadOnlyList<(int Pid, char State)> MemberStates(int group)
    {
        var members = new List<(int Pid, char State)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // the process ended meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 2 && fields[0] != "Z" && int.TryParse(fields[2], out var pgrp) && pgrp == group)
            {
                members.Add((pid, fields[0][0]));
            }
        }

        return members;
    }

    /// <summary>A short description of a process for failure messages.</summary>
    public static string Describe(int pid)
    {
        try
        {
            return $"{pid}: {File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim()}";
        }
        catch (IOException)
        {
            return $"{pid}: (gone)";
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
