using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Staging;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// The names a job's inputs get in its work dir (<see cref="InputSource.StagedFileName"/>: the last segment of the URL
/// or path) and the rules they follow (docs/security.md, "Input names"). Checked at submission (400 naming the input
/// and the value) and again before staging, with the same functions, so a job accepted before a rule existed cannot
/// slip through. Pure.
/// <list type="bullet">
/// <item>No name starts with <c>-</c>: an app's commands (<c>cat *</c>, <c>rm ${file}</c>) would read it as an option.</item>
/// <item>No name is the control folder (<see cref="JobWorkspace.ControlFolderName"/>), where the wrapper keeps its
/// scripts, pid and exit code.</item>
/// <item>No two values, of one input or of two, get the same name: the second would silently replace the first.</item>
/// </list>
/// Decision: names like the job's own <c>&lt;name&gt;-&lt;uuid&gt;.out/.err</c> are allowed. The uuid is chosen after
/// validation, so no input can name this job's files, and an earlier job's output is a legitimate input.
/// <c>.</c> and <c>..</c> never occur: <see cref="InputSource.StagedFileName"/> names such inputs after the input id.
/// </summary>
public static class StagedInputNames
{
    private const int MaxShownValue = 120;

    /// <summary>Every value of the stored inputs (input id → array of values), in order, with its staged name.</summary>
    public static IReadOnlyList<StagedInputFile> Read(string inputsJson) => Inputs(inputsJson).SelectMany(input => input.Files).ToList();

    /// <summary>Input id → its staged names, in the order given; a resumed job knows them without staging again.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Of(string inputsJson) =>
        Inputs(inputsJson).ToDictionary(input => input.InputId, input => (IReadOnlyList<string>)input.Files.Select(file => file.FileName).ToList(),
            StringComparer.Ordinal);

    /// <summary>Every value whose staged name breaks a rule, in order.</summary>
    public static IReadOnlyList<StagedNameProblem> FindProblems(IReadOnlyList<StagedInputFile> files)
    {
        var problems = new List<StagedNameProblem>();
        var first = new Dictionary<string, StagedInputFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var staged = $"would be staged in the work dir as \"{JsonValueDescription.Shorten(file.FileName)}\"";
            if (file.FileName.StartsWith('-'))
            {
                problems.Add(new StagedNameProblem(file,
                    $"{staged}, whose leading '-' makes the app's commands read it as an option; rename the file, or use a URL or path whose last segment does not start with '-'"));
            }
            else if (file.FileName == JobWorkspace.ControlFolderName)
            {
                problems.Add(new StagedNameProblem(file, $"{staged}, the name of the service's control folder there; rename the file"));
            }
            else if (!first.TryAdd(file.FileName, file))
            {
                var other = first[file.FileName];
                problems.Add(new StagedNameProblem(file,
                    $"{staged}, like \"{Shown(other.Source)}\" of input {other.InputId}; each input file needs a name of its own, so rename one of them"));
            }
        }

        return problems;
    }

    /// <summary>Adds one error per broken rule to <paramref name="errors"/>, naming the input and the value.</summary>
    public static void Check(string inputsJson, List<SubmissionError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var problem in FindProblems(Read(inputsJson)))
        {
            var field = $"inputs.{problem.File.InputId}";
            errors.Add(new SubmissionError(field, $"{field}: \"{Shown(problem.File.Source)}\" {problem.Rule}"));
        }
    }

    /// <summary>The value without URL credentials; a long one is cut at its start, since its end names the file.</summary>
    private static string Shown(InputSource source) =>
        source.Redacted.Length <= MaxShownValue ? source.Redacted : string.Concat("…", source.Redacted.AsSpan(source.Redacted.Length - MaxShownValue + 1));

    private static IEnumerable<(string InputId, List<StagedInputFile> Files)> Inputs(string inputsJson) =>
        StoredInputs.Read(inputsJson).Select(input => (input.InputId, input.Values
            .Select(value => InputSource.Parse(value))
            .Select(source => new StagedInputFile(input.InputId, source, source.StagedFileName(input.InputId)))
            .ToList()));
}
