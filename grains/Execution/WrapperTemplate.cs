using System.Text;
using System.Text.RegularExpressions;

namespace AloeOrleans.Grains.Execution;

/// <summary>
/// Renders an app's wrapper script: each <c>${name}</c> placeholder naming one of the job's inputs or parameters is
/// replaced by the shell-quoted value (docs/security.md, "Shell quoting": no value can inject a command).
/// <list type="bullet">
/// <item>Only names present in the map are replaced; any other <c>${...}</c> (e.g. <c>${HOME}</c>,
/// <c>${SLURM_JOB_ID}</c>) is left untouched so scripts can use ordinary shell variables.</item>
/// <item>A quoted value is one word of data only where the shell reads quotes and does not evaluate the word. A
/// placeholder of a known name inside quotes, backticks or a here-document body, or where bash evaluates text as
/// arithmetic, as a variable name or as code (<c>$(( ))</c>, <c>let</c>, subscripts, <c>declare</c>, <c>eval</c> …,
/// see <see cref="ShellContext"/>) is refused with <see cref="WrapperTemplateException"/>. The same check runs when
/// an app is registered (<see cref="FindProblems"/>). In a comment a placeholder is left as is.</item>
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
    /// <exception cref="WrapperTemplateException">A placeholder is where its value would not stay data.</exception>
    public static string Render(string template, IReadOnlyDictionary<string, string?> values) =>
        Render(template, name => values.TryGetValue(name, out var value) ? ShellQuoting.Quote(value ?? "") : null);

    /// <summary>
    /// Replaces the placeholders of <paramref name="values"/> with each value quoted as its own word, separated by
    /// spaces, for inputs that take several files. An empty list renders as no word at all, like <c>"$@"</c>.
    /// </summary>
    /// <exception cref="WrapperTemplateException">A placeholder is where its value would not stay data.</exception>
    public static string Render(string template, IReadOnlyDictionary<string, IReadOnlyList<string>> values) =>
        Render(template, name => values.TryGetValue(name, out var words) ? string.Join(' ', words.Select(ShellQuoting.Quote)) : null);

    /// <summary>
    /// Every placeholder of <paramref name="names"/> (an app's input and parameter ids) that <see cref="Render"/> would
    /// refuse, in the order they appear; empty when the template is safe to render with any values.
    /// </summary>
    public static IReadOnlyList<TemplateProblem> FindProblems(string template, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(template);
        var known = names.ToHashSet(StringComparer.Ordinal);
        var contexts = ShellContextScanner.Classify(template);
        return Placeholders(template, contexts, known.Contains)
            .Where(placeholder => placeholder.Context != ShellContext.Unquoted)
            .Select(placeholder => Problem(template, placeholder.Match, placeholder.Context))
            .ToList();
    }

    private static string Render(string template, Func<string, string?> replacementFor)
    {
        var contexts = ShellContextScanner.Classify(template);
        var placeholders = Placeholders(template, contexts, name => replacementFor(name) is not null).ToList();
        var problems = placeholders.Where(placeholder => placeholder.Context != ShellContext.Unquoted)
            .Select(placeholder => Problem(template, placeholder.Match, placeholder.Context).Message)
            .ToList();
        if (problems.Count > 0)
        {
            throw new WrapperTemplateException($"The wrapper template cannot be used: {string.Join("; ", problems)}");
        }

        var output = new StringBuilder(template.Length);
        var copied = 0;
        foreach (var (match, _) in placeholders)
        {
            output.Append(template, copied, match.Index - copied).Append(replacementFor(match.Groups["name"].Value));
            copied = match.Index + match.Length;
        }

        return output.Append(template, copied, template.Length - copied).ToString();
    }

    /// <summary>The placeholders of known names that the shell would read as placeholders (not in comments, not escaped), with their contexts.</summary>
    private static IEnumerable<(Match Match, ShellContext Context)> Placeholders(string template, ShellContext[] contexts, Func<string, bool> isKnown)
    {
        var index = 0;
        while (index < template.Length)
        {
            var context = contexts[index];
            var placeholder = context is ShellContext.Comment or ShellContext.Escaped ? Match.Empty : Placeholder().Match(template, index);
            if (placeholder.Success && placeholder.Index == index && isKnown(placeholder.Groups["name"].Value))
            {
                yield return (placeholder, context);
                index += placeholder.Length;
                continue;
            }

            index++;
        }
    }

    private static TemplateProblem Problem(string template, Match placeholder, ShellContext context)
    {
        var line = template.AsSpan(0, placeholder.Index).Count('\n') + 1;
        return new TemplateProblem(line, placeholder.Value, TemplateAdvice.Message(line, placeholder.Value, placeholder.Groups["name"].Value, context));
    }

    [GeneratedRegex(@"\G\$\{(?<name>[A-Za-z_][A-Za-z0-9_.-]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
