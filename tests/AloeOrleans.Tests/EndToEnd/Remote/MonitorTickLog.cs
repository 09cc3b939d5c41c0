using System.Globalization;
using System.Text.RegularExpressions;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>The monitoring ticks the service logged (one Information line per tick per system), read from its log file.</summary>
public static partial class MonitorTickLog
{
    /// <summary>The log's length now: pass it to <see cref="Read"/> later to see only what came after.</summary>
    public static long Length(AloeServiceProcess service) => new FileInfo(service.LogFile).Length;

    /// <summary>
    /// The ticks of <paramref name="tenantId"/>'s system <paramref name="systemId"/> logged from byte <paramref name="from"/>
    /// on, up to byte <paramref name="to"/> when given.
    /// </summary>
    public static IReadOnlyList<MonitorTick> Read(AloeServiceProcess service, string tenantId, string systemId, long from = 0, long? to = null)
    {
        string text;
        using (var stream = new FileStream(service.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            var start = Math.Min(from, stream.Length);
            stream.Seek(start, SeekOrigin.Begin);
            var buffer = new byte[Math.Max(0, Math.Min(to ?? stream.Length, stream.Length) - start)];
            stream.ReadExactly(buffer);
            text = System.Text.Encoding.UTF8.GetString(buffer);
        }

        return TickLine().Matches(text)
            .Select(match => new MonitorTick(match.Groups["system"].Value, match.Groups["tenant"].Value, Int(match, "jobs")!.Value,
                Int(match, "squeue"), Int(match, "sacct"), Int(match, "probes")))
            .Where(tick => tick.SystemId == systemId && tick.TenantId == tenantId)
            .ToList();
    }

    private static int? Int(Match match, string group) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"Monitor tick on system (?<system>\S+) of tenant (?<tenant>\S+): checked (?<jobs>\d+) job\(s\) with " +
                    @"(?:(?<squeue>\d+) squeue and (?<sacct>\d+) sacct call|(?<probes>\d+) probe)", RegexOptions.CultureInvariant)]
    private static partial Regex TickLine();
}
