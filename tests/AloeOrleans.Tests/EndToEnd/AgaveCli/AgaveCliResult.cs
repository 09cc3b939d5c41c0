namespace AloeOrleans.Tests.EndToEnd.AgaveCli;

/// <summary>What one command of the Agave client did: its exit code and what it printed.</summary>
public sealed record AgaveCliResult(string Command, int ExitCode, string Output, string Errors)
{
    /// <summary>The non-empty lines of standard output, trimmed.</summary>
    public IReadOnlyList<string> Lines =>
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"{Command} → exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Errors}";
}
