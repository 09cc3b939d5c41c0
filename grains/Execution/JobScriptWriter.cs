using System.Text;
using System.Text.Json;

namespace AloeOrleans.Grains.Execution;

/// <summary>
/// Writes the two scripts of a job: the app script (the app's template with every input and parameter value
/// shell-quoted) and the service's wrapper, which runs the app at most once and records pid and exit code.
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

    /// <exception cref="WrapperTemplateException">A placeholder of the template is where its value would not stay data.</exception>
    public static Task WriteAsync(Files.ISystemFiles files, JobWorkspace workspace, string template,
        IReadOnlyDictionary<string, IReadOnlyList<string>> values, IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken) =>
        WriteRenderedAsync(files, workspace, WrapperTemplate.Render(template, values), environment, cancellationToken);

    /// <summary>Writes an app script already rendered by <see cref="WrapperTemplate.Render(string, IReadOnlyDictionary{string, IReadOnlyList{string}})"/>, and the wrapper.</summary>
    public static async Task WriteRenderedAsync(Files.ISystemFiles files, JobWorkspace workspace, string appScript,
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        await Files.SystemFilesExtensions.WriteTextAsync(files, workspace.AppScript, appScript, cancellationToken);
        await Files.SystemFilesExtensions.WriteTextAsync(files, workspace.WrapperScript, Wrapper(workspace, environment), cancellationToken);
    }

    /// <summary>
    /// The wrapper. <c>mkdir</c> of the started marker is atomic: a second launch of the same work dir (a retry after
    /// a crash) exits at once, so the app never runs twice. pid and exit code are written via rename, so a reader
    /// never sees half a file.
    /// </summary>
    public static string Wrapper(JobWorkspace workspace, IReadOnlyDictionary<string, string> environment)
    {
        var script = new StringBuilder();
        script.Append("#!/bin/bash\n");
        script.Append("# Written by AloeOrleans for job ").Append(workspace.JobUuid).Append(". Runs the app once; records pid and exit code.\n");
        script.Append("cd ").Append(ShellQuoting.Quote(workspace.WorkDir)).Append(" || exit 97\n");
        script.Append("ctl=").Append(ShellQuoting.Quote(JobWorkspace.ControlFolderName)).Append('\n');
        script.Append("exec </dev/null >>\"$ctl/wrapper.log\" 2>&1\n");
        script.Append("mkdir \"$ctl/started\" 2>/dev/null || exit 0\n");
        script.Append("echo $$ > \"$ctl/pid.tmp\" && mv \"$ctl/pid.tmp\" \"$ctl/pid\"\n");
        foreach (var (name, value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (IsEnvironmentName(name))
            {
                script.Append("export ").Append(name).Append('=').Append(ShellQuoting.Quote(value)).Append('\n');
            }
        }

        script.Append("bash \"$ctl/app.sh\" >").Append(ShellQuoting.Quote(workspace.StdoutFileName))
            .Append(" 2>").Append(ShellQuoting.Quote(workspace.StderrFileName)).Append('\n');
        script.Append("rc=$?\n");
        script.Append("echo \"$rc\" > \"$ctl/exitcode.tmp\" && mv \"$ctl/exitcode.tmp\" \"$ctl/exitcode\"\n");
        return script.ToString();
    }

    private static bool IsEnvironmentName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
