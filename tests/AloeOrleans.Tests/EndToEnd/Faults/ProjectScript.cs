using System.Diagnostics;
using AloeOrleans.Tests.Infrastructure;

namespace AloeOrleans.Tests.EndToEnd.Faults;

/// <summary>Runs one of the project's <c>scripts/*.sh</c> as a test's own servers need it: given environment, a deadline, output or a failure.</summary>
public static class ProjectScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Runs <c>scripts/<paramref name="script"/> <paramref name="command"/></c>; returns its standard output, throws on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string script, string command, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var path = Path.Combine(Path.GetDirectoryName(PostgresDatabaseFixture.SqlFolder)!, "scripts", script);
        var start = new ProcessStartInfo("bash", [path, command])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run scripts/{script}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/{script} {command} exited {process.ExitCode}: {await output}{await errors}");
        }

        return await output;
    }
}
