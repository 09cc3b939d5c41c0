using System.Globalization;

namespace AloeOrleans.Grains.Execution.Slurm;

/// <summary>Reads what the commands of <see cref="SlurmCommands"/> print. Lines it cannot read are skipped, never guessed.</summary>
public static class SlurmOutputParser
{
    /// <summary><c>sbatch --parsable</c> prints <c>id</c> or <c>id;cluster</c>.</summary>
    public static string? ParseSubmit(string output)
    {
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        var id = line?.Split(';')[0];
        return id is { Length: > 0 } && id.All(char.IsAsciiDigit) ? id : null;
    }

    /// <summary>
    /// Whether <c>scontrol ping</c> found a controller that answers: one of its lines (one per controller, primary and
    /// backups) ends "is UP".
    /// </summary>
    public static bool ParsePing(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(line => line.StartsWith("Slurmctld", StringComparison.Ordinal) && line.EndsWith(" is UP", StringComparison.Ordinal));
    }

    /// <summary>Lines of <c>%i|%j|%T|%r</c>, by job id.</summary>
    public static IReadOnlyDictionary<string, SlurmJobReport> ParseStatus(string output)
    {
        var reports = new Dictionary<string, SlurmJobReport>(StringComparer.Ordinal);
        foreach (var fields in Lines(output, 4))
        {
            reports[fields[0]] = new SlurmJobReport(fields[0], fields[1], fields[2], fields[3] is "" or "None" ? null : fields[3]);
        }

        return reports;
    }

    /// <summary>
    /// Lines of <c>JobID|JobName|State|ExitCode</c>. sacct writes "CANCELLED by 1000"; only the state word is kept.
    /// When a job id appears more than once (requeued jobs), the last line wins.
    /// </summary>
    public static IReadOnlyDictionary<string, SlurmJobReport> ParseAccounting(string output)
    {
        var reports = new Dictionary<string, SlurmJobReport>(StringComparer.Ordinal);
        foreach (var report in ParseAccountingLines(output))
        {
            reports[report.JobId] = report;
        }

        return reports;
    }

    /// <summary>Every line of <c>JobID|JobName|State|ExitCode</c> in order, one id possibly on several (a reused id, a requeue).</summary>
    public static IReadOnlyList<SlurmJobReport> ParseAccountingLines(string output) =>
        Lines(output, 4).Select(fields =>
        {
            var state = fields[2].Split(' ')[0];
            var (exitCode, signal) = ParseExitCode(fields[3]);
            return new SlurmJobReport(fields[0], fields[1], state, fields[2].Length > state.Length ? fields[2] : null, exitCode, signal);
        }).ToList();

    private static (int? Code, int? Signal) ParseExitCode(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 2
               && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var code)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var signal)
            ? (code, signal)
            : (null, null);
    }

    private static IEnumerable<string[]> Lines(string output, int fieldCount) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(SlurmCommands.Separator))
            .Where(fields => fields.Length == fieldCount && fields[0].Length > 0 && fields[0].All(char.IsAsciiDigit));
}
