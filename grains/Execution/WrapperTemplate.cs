using System.Text;
using System.Text.RegularExpressions;

namespace AloeOrleans.Grains.Execution;

/// <summary>
/// Renders an app's wrapper script: each <c>${name}</c> placeholder naming one of the job's inputs or parameters is
/// replaced by the shell-quoted value (spec/lifecycle.md STAGING_JOB: no value can inject a command).
/// <list type="bullet">
/// <item>Only names present in the map are replaced; any other <c>${...}</c> (e.g. <c>${HOME}</c>,
/// <c>${SLURM_JOB_ID}</c>) is left untouched so scripts can use ordinary shell variables.</item>
/// <item>A quoted value is one shell word only where the shell reads quotes. A placeholder of a known name inside
/// single or double quotes, backticks or a here-document body is refused with <see cref="WrapperTemplateException"/>:
/// there the quotes would be literal or closed early and the value could run as code. In a comment it is left as is.</item>
/// <item>A backslash-escaped <c>\${name}</c> is never replaced.</item>
/// <item>Replacement is a single pass: a value containing <c>${other}</c> is not expanded again.</item>
/// </list>
/// </summary>
public static partial class WrapperTemplate
{
    /// <summary>
    /// Replaces the placeholders of <paramref name="values"/>. Decision: a null value (input or parameter without a
    /// value) renders as <c>''</c>, an empty word, exactly like a quoted empty shell variable, so tests such as
    /// <c>[ -n ${x} ]</c> stay correct.
    /// </summary>
    public static string Render(string template, IReadOnlyDictionary<string, string?> values) =>
        Render(template, name => values.TryGetValue(name, out var value) ? ShellQuoting.Quote(value ?? "") : null);

    /// <summary>
    /// Replaces the placeholders of <paramref name="values"/> with each value quoted as its own word, separated by
    /// spaces, for inputs that take several files. An empty list renders as no word at all, like <c>"$@"</c>.
    /// </summary>
    public static string Render(string template, IReadOnlyDictionary<string, IReadOnlyList<string>> values) =>
        Render(template, name => values.TryGetValue(name, out var words) ? string.Join(' ', words.Select(ShellQuoting.Quote)) : null);

    private static string Render(string template, Func<string, string?> replacementFor)
    {
        var output = new StringBuilder(template.Length);
        var contexts = ShellContextScanner.Classify(template);
        var index = 0;
        while (index < template.Length)
        {
            var context = contexts[index];
            var placeholder = context is ShellContext.Comment or ShellContext.Escaped ? Match.Empty : Placeholder().Match(template, index);
            if (placeholder.Success && placeholder.Index == index
                && replacementFor(placeholder.Groups["name"].Value) is { } replacement)
            {
                if (context != ShellContext.Unquoted)
                {
                    throw new WrapperTemplateException(
                        $"The wrapper template uses ${{{placeholder.Groups["name"].Value}}} on line {LineOf(template, index)} inside {Describe(context)}, "
                        + "where a quoted value is not safe. Write the placeholder unquoted (the service quotes it), e.g. x=${name} or cmd ${name}.");
                }

                output.Append(replacement);
                index += placeholder.Length;
                continue;
            }

            output.Append(template[index]);
            index++;
        }

        return output.ToString();
    }

    private static int LineOf(string template, int index) => template.AsSpan(0, index).Count('\n') + 1;

    private static string Describe(ShellContext context) => context switch
    {
        ShellContext.SingleQuoted => "single quotes",
        ShellContext.DoubleQuoted => "double quotes",
        ShellContext.Backquoted => "backticks",
        _ => "a here-document",
    };

    [GeneratedRegex(@"\G\$\{(?<name>[A-Za-z_][A-Za-z0-9_.-]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
