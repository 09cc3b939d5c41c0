using AloeOrleans.Grains.Execution;
using Xunit;

namespace AloeOrleans.Tests.Domain;

/// <summary>
/// Where bash evaluates a single-quoted value (as arithmetic, a variable name or code), proved with the real bash:
/// every context the template check refuses runs a command hidden in a value when rendered with plain quoting (what
/// rendering did before), and every context it allows keeps every hostile value as data.
/// </summary>
public sealed class WrapperTemplateEvaluationTests : IDisposable
{
    private const string Subscript = "x[$(touch MARKER)]";
    private const string ExistingArray = "PIPESTATUS[$(touch MARKER)]";
    private const string Compound = "($(touch MARKER))";
    private const string Command = "$(touch MARKER)";

    private readonly string folder = Directory.CreateTempSubdirectory("aloe-bash-").FullName;

    private string Marker => Path.Combine(folder, "pwned");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Template (placeholders ${v} and ${w}), the value of ${v} that shows the hole, what the refusal says, the value of ${w}.</summary>
    public static TheoryData<string, string, string, string> Refused() => new()
    {
        { "echo $(( ${v} + 1 ))", Subscript, "arithmetic expansion $(( … ))", "" },
        { "echo \"$(( ${v} ))\"", Subscript, "arithmetic expansion $(( … ))", "" },
        { "echo $(( $(printf '%s' ${v}) + 1 ))", Subscript, "arithmetic expansion $(( … ))", "" },
        { "(( ${v} > 0 )) || true", Subscript, "arithmetic command (( … ))", "" },
        { "if (( n = ${v} )); then :; fi", Subscript, "arithmetic command (( … ))", "" },
        { "for (( i = 0; i < ${v}; i++ )); do :; done", Subscript, "for (( … )) loop", "" },
        { "echo $[ ${v} + 1 ]", Subscript, "arithmetic expansion $[ … ]", "" },
        { "let n=${v}", Subscript, "argument of let", "" },
        { "let ${v}", Subscript, "argument of let", "" },
        { "command let n=${v}", Subscript, "argument of let", "" },
        { "[[ ${v} -gt 0 ]]", Subscript, "operand of -eq, -ne, -lt, -le, -gt or -ge", "" },
        { "[[ 1 -eq ${v} ]]", Subscript, "operand of -eq, -ne, -lt, -le, -gt or -ge", "" },
        { "[[ ! ${v} -lt 2 || -n x ]]", Subscript, "operand of -eq, -ne, -lt, -le, -gt or -ge", "" },
        { "[[ a${v} -ne 1 ]]", Subscript, "operand of -eq, -ne, -lt, -le, -gt or -ge", "" },
        { "[[ $(printf '%s' ${v}) -ge 1 ]]", Subscript, "operand of -eq, -ne, -lt, -le, -gt or -ge", "" },
        { "[[ -v ${v} ]]", Subscript, "operand of -v in a test", "" },
        { "test -v ${v}", Subscript, "operand of -v in a test", "" },
        { "[ -v ${v} ]", Subscript, "operand of -v in a test", "" },
        { "[ ${w} ${v} ]", Subscript, "operand of -v in a test", "-v" },
        { "a=(1 2); a[${v}]=3", Subscript, "array subscript", "" },
        { "a=(1 2); a=([${v}]=3)", Subscript, "array subscript", "" },
        { "a=(1 2); unset a[${v}]", Command, "array subscript", "" },
        { "a=(1 2); printf -v a[${v}] x", Command, "array subscript", "" },
        { "a=(1 2); echo ${a[${v}]}", Subscript, "another ${ … } expansion", "" },
        { "s=abcdef; echo ${s:${v}:2}", Subscript, "another ${ … } expansion", "" },
        { "s=abcdef; echo ${s:0:${v}}", Subscript, "another ${ … } expansion", "" },
        { "declare -i n=${v}", Subscript, "argument of declare, typeset or local", "" },
        { "typeset -i n=${v}", Subscript, "argument of declare, typeset or local", "" },
        { "f() { local -i n=${v}; }; f", Subscript, "argument of declare, typeset or local", "" },
        { "declare ${v}=1", Subscript, "argument of declare, typeset or local", "" },
        { "a=(1); declare a=${v}", Compound, "argument of declare, typeset or local", "" },
        { "f() { local a=(1); local a=${v}; }; f", Compound, "argument of declare, typeset or local", "" },
        { "declare -n r=${v}; echo \"$r\"", Subscript, "argument of declare, typeset or local", "" },
        { "readonly -a a=${v}", Compound, "argument of declare, typeset or local", "" },
        { "read ${v} <<< 1", Subscript, "argument of read or unset", "" },
        { "a=(1); unset ${v}", ExistingArray, "argument of read or unset", "" },
        { "printf -v ${v} '%s' x", Subscript, "after printf -v", "" },
        { "eval ${v}", Command, "argument of eval, trap", "" },
        { "trap ${v} EXIT", Command, "argument of eval, trap", "" },
        { "compgen -W ${v} x", Command, "argument of eval, trap", "" },
        { "mapfile -C ${v} -c 1 lines <<< 1", Command, "argument of eval, trap", "" },
        { "declare -i n; n=${v}", Subscript, "variable bash evaluates", "" },
        { "declare -i n; n+=${v}", Subscript, "variable bash evaluates", "" },
        { "f() { n=${v}; }\ndeclare -i n\nf", Subscript, "variable bash evaluates", "" },
        { "declare -i n; for n in ${v}; do :; done", Subscript, "variable bash evaluates", "" },
        { "declare -i n; read n <<< ${v}", Subscript, "variable bash evaluates", "" },
        { "declare -i n; printf -v n '%s' ${v}", Subscript, "variable bash evaluates", "" },
        { "declare -ai a; a=(${v})", Subscript, "variable bash evaluates", "" },
        { "declare -n r; r=${v}; echo \"$r\"", Subscript, "variable bash evaluates", "" },
        { "declare -i n; export n=${v}", Subscript, "variable bash evaluates", "" },
        { "RANDOM=${v}", Subscript, "variable bash evaluates", "" },
        { "OPTIND=${v}", Subscript, "variable bash evaluates", "" },
        { "SRANDOM=${v}", Subscript, "variable bash evaluates", "" },
        { "HISTCMD=${v}", Subscript, "variable bash evaluates", "" },
        { "PS4=${v}; set -x; :", Command, "variable bash evaluates", "" },
        { "export PS0=${v}; bash --norc -i <<< :", Command, "variable bash evaluates", "" },
        { "export PS1=${v}; bash --norc -i <<< :", Command, "variable bash evaluates", "" },
        { "export PS2=${v}; bash --norc -i <<< $'echo \\\\\n1'", Command, "variable bash evaluates", "" },
        { "export PROMPT_COMMAND=${v}; bash --norc -i <<< :", Command, "variable bash evaluates", "" },
        { "export ENV=${v}; bash --posix --norc -i <<< :", Command, "variable bash evaluates", "" },
        { "export BASH_ENV=${v}; bash -c :", Command, "variable bash evaluates", "" },
        { "BASH_ENV=${v} bash -c :", Command, "variable bash evaluates", "" },
        { "env BASH_ENV=${v} bash -c :", Command, "variable bash evaluates", "" },
        { "echo x >&${v}", Command, "target of a >& or <& redirection", "" },
        { "echo x 1>& ${v}", Command, "target of a >& or <& redirection", "" },
        { "{ echo x; } >&${v}", Command, "target of a >& or <& redirection", "" },
        { "shopt -s expand_aliases\nalias l=let\nl n=${v}", Subscript, "alias expansion", "" },
    };

    /// <summary>Templates whose placeholders stay data, whatever the values.</summary>
    public static TheoryData<string> Allowed() => new()
    {
        "printf '%s\\n' ${v} ${w}",
        "x=${v}; printf '%s\\n' \"$x\"",
        "x=${v} printf '%s\\n' ok",
        "a=(${v} ${w}); printf '%s\\n' \"${a[@]}\"",
        "a=(1 2); a[1]=${v}; a+=(${w})",
        "a=(1 2); a=([1]=${v})",
        "[[ ${v} == y ]] || [[ y == ${w} ]] || true",
        "[[ ${v} =~ y ]] || [[ y =~ ${w} ]] || true",
        "[[ -n ${v} && -f ${w} ]] || [[ ${v} < y ]] || [[ -R ${w} ]] || [[ ${v} ]] || true",
        "[ ${v} -eq 1 ] 2>/dev/null || test ${w} -gt 0 2>/dev/null || true",
        "[ -n ${v} ] && [ ${v} = ${w} ] && [ ! -e ${v} ] || true",
        "while [ ! -e ${v} ]; do break; done",
        "case ${v} in a) echo a ;; *) echo other ;; esac",
        "r=$(case ${v} in a) echo A;; *) echo B;; esac); echo \"$r\"",
        "for f in ${v} ${w}; do printf '%s\\n' \"$f\"; done",
        "export X=${v}; printf '%s\\n' \"$X\"",
        "a=(1); export a=${v}; b=(1); readonly b=${w}",
        "f() { local x; x=${v}; printf '%s\\n' \"$x\"; }; f",
        "cat <<< ${v}; read -r first rest <<< ${w}; read -ra words <<< ${v}; printf '%s\\n' \"${words[@]}\"",
        "printf '%d\\n' ${v} 2>/dev/null || true",
        "v2=${v}; echo ${v2:-default} ${HOME:-x}",
        "echo x > ${v}; echo x &> ${w}; echo x >${v} 2>&1; cat < ${w} 2>/dev/null; echo x >&2",
        "n=$(printf '%s' ${v} | wc -c); echo $(( n + 1 ))",
        "echo \"$(printf '%s' ${v})\"",
        "set -- a; shift ${v} 2>/dev/null || true",
        "n=${v}; [[ $n =~ ^[0-9]+$ ]] || exit 2; echo $(( 10#$n + 1 ))",
        "a=(1 2); k=${v}; [[ $k =~ ^[0-9]+$ ]] || exit 2; a[10#$k]=3",
        "f() { printf '%s\\n' \"$1\"; }; f ${v}",
        "if [ -n ${v} ]; then echo yes; fi",
        "while read -r line; do echo \"$line\"; done <<< ${v}",
        "echo a ${v} | tr a b",
        "echo $(( 1 + 1 )) ${v} $[ 2 ]",
        "declare -i n=1; echo ${v} $n",
        "x=$(echo ${v}) # comment ${v}\necho \"$x\"",
        "cat <<EOF\nno placeholder here\nEOF\nprintf '%s\\n' ${v}",
        "sort <(printf '%s\\n' ${v}) > /dev/null",
        "for x in a b\ndo\n  printf '%s\\n' ${v}\ndone",
        "echo ${v} \\\n  ${w}",
        "size=$(wc -c < ${v} 2>/dev/null); printf '%s %s\\n' ${w} \"$size\" >> ${v}.counts",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Each_refused_context_runs_a_command_when_the_value_is_only_quoted(string template, string value, string where, string other)
    {
        _ = where;
        var script = QuoteOnly(template, Values(value, other));

        var result = BashShell.Run(script, folder);

        Assert.True(File.Exists(Marker), $"bash did not run the command hidden in {value} for: {template}\n{result.Errors}");
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Each_refused_context_is_refused_naming_the_line_the_placeholder_and_the_context(string template, string value, string where, string other)
    {
        var lines = $"# first line\n{template}";

        var problem = Assert.Single(WrapperTemplate.FindProblems(lines, ["v", "w"]), found => found.Placeholder == "${v}");
        Assert.Equal(2 + template.Take(template.IndexOf("${v}", StringComparison.Ordinal)).Count(c => c == '\n'), problem.Line);
        Assert.StartsWith($"line {problem.Line}: ${{v}} is ", problem.Message, StringComparison.Ordinal);
        Assert.Contains(where, problem.Message, StringComparison.Ordinal);
        var refusal = Assert.Throws<WrapperTemplateException>(() => WrapperTemplate.Render(lines, Values(value, other)));
        Assert.Contains(problem.Message, refusal.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Marker));
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Allowed_contexts_keep_every_hostile_value_as_data(string template)
    {
        Assert.Empty(WrapperTemplate.FindProblems(template, ["v", "w"]));
        // One bash for all value sets: each rendering runs in a subshell of its own and touches its own marker.
        var sets = HostileValueSets().ToList();
        var script = string.Concat(sets.Select((values, set) => $"(\n{WrapperTemplate.Render(template, Mark(values, set))}\n)\n"));

        var result = BashShell.Run(script, folder);

        var ran = Enumerable.Range(0, sets.Count).Where(set => File.Exists(MarkerOf(set))).ToList();
        Assert.True(ran.Count == 0, $"bash ran a command hidden in {string.Join(", ", ran.Select(set => string.Join(" | ", sets[set].Values)))} for: {template}\n{result.Errors}");
    }

    [Theory]
    [InlineData("5", "6")]
    [InlineData("08", "9")]
    [InlineData("x[$(touch MARKER)]", null)]
    [InlineData("1 + 1", null)]
    [InlineData("", null)]
    public void The_advised_way_to_do_arithmetic_on_a_value_works_and_refuses_what_is_not_a_number(string value, string? expected)
    {
        var template = "n=${n}; [[ $n =~ ^[0-9]+$ ]] || exit 2; echo $(( 10#$n + 1 ))";

        var result = BashShell.Run(WrapperTemplate.Render(template, new Dictionary<string, string?> { ["n"] = value.Replace("MARKER", Marker, StringComparison.Ordinal) }), folder);

        Assert.Equal(expected is null ? 2 : 0, result.ExitCode);
        Assert.Equal(expected is null ? "" : expected + "\n", result.Output);
        Assert.False(File.Exists(Marker));
    }

    private Dictionary<string, string?> Values(string value, string other) => new()
    {
        ["v"] = value.Replace("MARKER", Marker, StringComparison.Ordinal),
        ["w"] = other.Length > 0 ? other : value.Replace("MARKER", Marker, StringComparison.Ordinal),
    };

    /// <summary>Each hostile value in every placeholder, and each with "-v" (a test operator) in the other; MARKER not yet replaced.</summary>
    private static IEnumerable<Dictionary<string, string?>> HostileValueSets()
    {
        foreach (var value in new[] { Subscript, ExistingArray, Compound, Command, "`touch MARKER`", "a[$(touch MARKER)]=1" })
        {
            yield return new() { ["v"] = value, ["w"] = value };
            yield return new() { ["v"] = "-v", ["w"] = value };
            yield return new() { ["v"] = value, ["w"] = "-v" };
        }
    }

    private string MarkerOf(int set) => $"{Marker}-{set}";

    private Dictionary<string, string?> Mark(Dictionary<string, string?> values, int set) =>
        values.ToDictionary(pair => pair.Key, pair => pair.Value?.Replace("MARKER", MarkerOf(set), StringComparison.Ordinal));

    /// <summary>What rendering did before contexts were checked: every placeholder replaced by its single-quoted value.</summary>
    private static string QuoteOnly(string template, IReadOnlyDictionary<string, string?> values) =>
        values.Aggregate(template, (text, pair) => text.Replace($"${{{pair.Key}}}", ShellQuoting.Quote(pair.Value ?? ""), StringComparison.Ordinal));
}
