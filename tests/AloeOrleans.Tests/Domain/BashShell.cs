using System.Diagnostics;
using System.Text;

namespace AloeOrleans.Tests.Domain;

/// <summary>
/// Runs a script with the real <c>/bin/bash</c> (what runs app scripts) in a folder of its own, so what bash evaluates
/// is checked by bash itself rather than by reasoning. Errors of the script are part of the result, not exceptions:
/// hostile values often make bash complain after it has already run the command in them.
/// </summary>
internal static class BashShell
{
    public static (int ExitCode, string Output, string Errors) Run(string script, string workingDirectory)
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        // --norc: an interactive child bash started by a script must not read the machine's start-up files.
        start.ArgumentList.Add("--norc");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["LC_ALL"] = "C.UTF-8";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("/bin/bash did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"/bin/bash did not finish: {script}");
        }

        return (process.ExitCode, output.Result, errors.Result);
    }
}
