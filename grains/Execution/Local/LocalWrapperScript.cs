using System.Globalization;
using System.Text;

namespace AloeOrleans.Grains.Execution.Local;

/// <summary>
/// The wrapper of a LOCAL job. The wrapper itself is the service's (root when the service is root): it owns the
/// control folder, so the pid and exit code it records cannot be forged by the job. The app is started through
/// <c>prlimit</c> (limits), <c>setpriv</c> (the run-as user, no supplementary groups, no new privileges: setuid
/// programs cannot give any back) and <c>env -i</c> (only the allow-list), with umask 077 so everything it creates is
/// owner-only. Its standard output and error files are opened by the app's own shell, never by the wrapper: the
/// wrapper writes nothing in a folder the job can write to.
/// </summary>
public static class LocalWrapperScript
{
    /// <summary>
    /// The script. <paramref name="runAs"/> null: no user switch (the service is not root), everything else the same.
    /// </summary>
    public static string Render(JobWorkspace workspace, LocalJobIdentity? runAs, IReadOnlyList<KeyValuePair<string, string>> environment,
        LocalJobLimits limits)
    {
        var purpose = runAs is null
            ? "Runs the app once as the service's own user, in a scrubbed environment and within limits"
            : $"Runs the app once as {runAs.Name} (uid {runAs.Uid.ToString(CultureInfo.InvariantCulture)}), in a scrubbed environment and within limits";
        var script = new StringBuilder(JobScriptWriter.Prologue(workspace, purpose));
        script.Append("umask 077\n");
        script.Append("prlimit ").AppendJoin(' ', limits.PrlimitOptions()).Append(" --");
        if (runAs is not null)
        {
            script.Append(" setpriv --reuid=").Append(runAs.Uid.ToString(CultureInfo.InvariantCulture))
                .Append(" --regid=").Append(runAs.Gid.ToString(CultureInfo.InvariantCulture))
                .Append(" --clear-groups --no-new-privs --");
        }

        script.Append(" env -i --");
        foreach (var (name, value) in environment)
        {
            if (JobScriptWriter.IsEnvironmentName(name))
            {
                script.Append(' ').Append(ShellQuoting.Quote($"{name}={value}"));
            }
        }

        // $0 is the app script, $1 and $2 its output files: the redirections happen as the app's user.
        script.Append(" /bin/bash -c 'exec /bin/bash \"$0\" >\"$1\" 2>\"$2\"' \"$ctl/app.sh\" ")
            .Append(ShellQuoting.Quote(workspace.StdoutFileName)).Append(' ')
            .Append(ShellQuoting.Quote(workspace.StderrFileName)).Append('\n');
        return script.Append(JobScriptWriter.Epilogue).ToString();
    }
}
