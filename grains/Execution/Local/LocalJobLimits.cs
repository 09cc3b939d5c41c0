using AloeOrleans.GrainInterfaces.Jobs;
using System.Globalization;

namespace AloeOrleans.Grains.Execution.Local;

/// <summary>
/// The resource limits of a LOCAL job's processes (set with <c>prlimit</c> as both soft and hard limit, so the app
/// cannot raise them). <see cref="CpuSeconds"/> null means unlimited.
/// </summary>
public sealed record LocalJobLimits(long? CpuSeconds, int MaxProcesses, long MaxFileSizeBytes)
{
    private const long BytesPerMb = 1024 * 1024;

    /// <summary>
    /// CPU time is the job's maxRunTime times its processors (nodes × processors per node): a job that keeps every
    /// processor it asked for busy for its whole run time reaches it, none that stays within its request does. It is a
    /// limit per process (RLIMIT_CPU). A job without a run time (maxHours 0) gets none. Processes and file size come
    /// from <paramref name="options"/>.
    /// </summary>
    public static LocalJobLimits For(ExecutionOptions options, JobResourceRequest resources)
    {
        long? cpu = null;
        if (resources.MaxHours > 0)
        {
            var processors = (double)Math.Max(1, resources.NodeCount) * Math.Max(1, resources.ProcessorsPerNode);
            var seconds = Math.Ceiling(resources.MaxHours * 3600 * processors);
            // Beyond what a long holds the limit means nothing; prlimit then gets "unlimited" rather than an overflow.
            cpu = seconds < long.MaxValue / 2 ? Math.Max(1, (long)seconds) : null;
        }

        return new LocalJobLimits(cpu, options.LocalMaxProcesses, Math.Min(options.LocalMaxFileSizeMb, long.MaxValue / BytesPerMb) * BytesPerMb);
    }

    /// <summary>The <c>prlimit</c> options that set these limits.</summary>
    public IReadOnlyList<string> PrlimitOptions() =>
    [
        $"--cpu={(CpuSeconds is { } cpu ? cpu.ToString(CultureInfo.InvariantCulture) : "unlimited")}",
        $"--nproc={MaxProcesses.ToString(CultureInfo.InvariantCulture)}",
        $"--fsize={MaxFileSizeBytes.ToString(CultureInfo.InvariantCulture)}",
    ];
}
