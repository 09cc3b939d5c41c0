namespace AloeOrleans.Grains.Execution;

/// <summary>
/// The files of one job in its work dir. The control folder <c>.aloe</c> holds what the service itself writes
/// (wrapper, app script, pid, exit code, the list of files present before the run); it is never archived.
/// </summary>
public sealed record JobWorkspace(string WorkDir, Guid JobUuid, string JobName)
{
    public const string ControlFolderName = ".aloe";

    public string ControlDir => Path.Combine(WorkDir, ControlFolderName);
    public string WrapperScript => Path.Combine(ControlDir, "wrapper.sh");
    public string AppScript => Path.Combine(ControlDir, "app.sh");
    public string PidFile => Path.Combine(ControlDir, "pid");
    public string ExitCodeFile => Path.Combine(ControlDir, "exitcode");
    public string StartedMarker => Path.Combine(ControlDir, "started");
    public string BeforeRunManifest => Path.Combine(ControlDir, "before-run.txt");

    /// <summary>Agave's naming of the app's standard output and error files: <c>&lt;name&gt;-&lt;uuid&gt;.out/.err</c>.</summary>
    public string StdoutFileName => $"{SafeName}-{JobUuid}.out";
    public string StderrFileName => $"{SafeName}-{JobUuid}.err";

    private string SafeName
    {
        get
        {
            var chars = JobName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray();
            return chars.Length == 0 ? "job" : new string(chars);
        }
    }
}
