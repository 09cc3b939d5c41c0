using System.Text;
using System.Text.Json;

namespace AloeOrleans.Grains.Execution;

/// <summary>
/// Writes the two scripts of a job: the app script (the app's template with every input and parameter value
/// shell-quoted) and the service's wrapper, which runs the app at most once and records pid and exit code. Each
/// runner gives its wrapper (<see cref="IJobRunner.WrapperScriptAsync"/>); the parts every wrapper shares are here.
/// </summary>
public static class JobScriptWriter
{
    /// <summary>
    /// The words each template placeholder becomes: one per staged file of an input, one for a parameter's value
    /// (a parameter without a value gives one empty word, so <c>[ -n ${x} ]</c> stays well-formed).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> TemplateValues(
        IReadOnlyDictionary<string, IReadOnlyList<string>> stagedInputs, string parametersJson)
    {
        var values = new Dictionary<string, IReadOnlyList<string>>(stagedInputs, StringComparer.Ordinal);
        using var parameters = JsonDocument.Parse(parametersJson);
        foreach (var parameter in parameters.RootElement.EnumerateObject())
        {
            values[parameter.Name] = [ParameterValueText.ToText(parameter.Value) ?? ""];
        }

        return values;
    }

    /// <summary>
    /// Writes the app script, already rendered by <see cref="WrapperTemplate.Render(string, IReadOnlyDictionary{string, IReadOnlyList{string}})"/>
    /// (which refuses a placeholder where its value would not stay data), and <paramref name="wrapper"/>, the text the
    /// execution system's runner gave.
    /// </summary>
    public static async Task WriteAsync(Files.ISystemFiles files, JobWorkspace workspace, string appScript, string wrapper,
        CancellationToken cancellationToken)
    {
        await Files.SystemFilesExtensions.WriteTextAsync(files, workspace.AppScript, appScript, cancellationToken);
        await Files.SystemFilesExtensions.WriteTextAsync(files, workspace.WrapperScript, wrapper, cancellationToken);
    }

    /// <summary>
    /// The wrapper of a remote host (FORK over SSH, Slurm): the system's environment exported, then the app, both in the
    /// login's own environment. <c>mkdir</c> of the started marker is atomic: a second launch of the same work dir (a
    /// retry after a crash) exits at once, so the app never runs twice. pid and exit code are written via rename, so
    /// a reader never sees half a file.
    /// </summary>
    public static string Wrapper(JobWorkspace workspace, IReadOnlyDictionary<string, string> environment)
    {
        var script = new StringBuilder(Prologue(workspace, "Runs the app once"));
        foreach (var (name, value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (IsEnvironmentName(name))
            {
                script.Append("export ").Append(name).Append('=').Append(ShellQuoting.Quote(value)).Append('\n');
            }
        }

        script.Append("bash \"$ctl/app.sh\" >").Append(ShellQuoting.Quote(workspace.StdoutFileName))
            .Append(" 2>").Append(ShellQuoting.Quote(workspace.StderrFileName)).Append('\n');
        return script.Append(Epilogue).ToString();
    }

    /// <summary>
    /// The wrapper's start, shared by every runner: into the work dir, output to the control folder's log, the started
    /// marker (the app runs at most once), the pid. <paramref name="purpose"/> completes the header comment.
    /// </summary>
    public static string Prologue(JobWorkspace workspace, string purpose) =>
        "#!/bin/bash\n"
        + $"# Written by AloeOrleans for job {workspace.JobUuid}. {purpose}; records pid and exit code.\n"
        + $"cd {ShellQuoting.Quote(workspace.WorkDir)} || exit 97\n"
        + $"ctl={ShellQuoting.Quote(JobWorkspace.ControlFolderName)}\n"
        + "exec </dev/null >>\"$ctl/wrapper.log\" 2>&1\n"
        + "mkdir \"$ctl/started\" 2>/dev/null || exit 0\n"
        + "echo $$ > \"$ctl/pid.tmp\" && mv \"$ctl/pid.tmp\" \"$ctl/pid\"\n";

    /// <summary>The wrapper's end, after the line that ran the app: its exit code, recorded via rename.</summary>
    public const string Epilogue =
        "rc=$?\n"
        + "echo \"$rc\" > \"$ctl/exitcode.tmp\" && mv \"$ctl/exitcode.tmp\" \"$ctl/exitcode\"\n";

    /// <summary>Whether <paramref name="name"/> can be an environment variable's name in a shell (letters, digits, '_', not starting with a digit).</summary>
    public static bool IsEnvironmentName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
