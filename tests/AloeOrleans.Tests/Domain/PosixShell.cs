using System.Diagnostics;
using System.Text;

namespace AloeOrleans.Tests.Domain;

/// <summary>Runs a script with the real <c>/bin/sh</c>, so quoting is checked by the shell itself rather than by reasoning.</summary>
internal static class PosixShell
{
    public static string Run(string script)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["LC_ALL"] = "C.UTF-8";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("/bin/sh did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
            throw new TimeoutException($"/bin/sh did not finish: {script}");
        }

        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"/bin/sh exited with {process.ExitCode}: {errors.Result}");
    }
}
