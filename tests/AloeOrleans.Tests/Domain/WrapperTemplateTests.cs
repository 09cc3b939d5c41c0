using System.Text.Json;
using AloeOrleans.Grains.Execution;
using Xunit;

namespace AloeOrleans.Tests.Domain;

public sealed class WrapperTemplateTests
{
    private static string Render(string template, string name, string? value) =>
        WrapperTemplate.Render(template, new Dictionary<string, string?> { [name] = value });

    [Fact]
    public void Known_placeholder_becomes_the_quoted_value()
    {
        Assert.Equal("wc -l 'my file.txt'", Render("wc -l ${query}", "query", "my file.txt"));
    }

    [Fact]
    public void Placeholder_names_may_hold_dots_and_dashes()
    {
        Assert.Equal("x='v'", Render("x=${input.file-1}", "input.file-1", "v"));
    }

    [Fact]
    public void Unknown_placeholder_is_left_for_the_shell()
    {
        Assert.Equal("cd ${HOME} && run 'a'", Render("cd ${HOME} && run ${query}", "query", "a"));
    }

    [Fact]
    public void Null_value_becomes_an_empty_word()
    {
        Assert.Equal("run ''", Render("run ${query}", "query", null));
    }

    [Fact]
    public void Escaped_placeholder_is_not_replaced()
    {
        Assert.Equal(@"echo \${query}", Render(@"echo \${query}", "query", "a"));
    }

    [Fact]
    public void Escaped_placeholder_inside_double_quotes_is_left_alone()
    {
        Assert.Equal("echo \"\\${query}\"", Render("echo \"\\${query}\"", "query", "a"));
    }

    [Fact]
    public void Replacement_is_a_single_pass()
    {
        var values = new Dictionary<string, string?> { ["a"] = "${b}", ["b"] = "secret" };

        Assert.Equal("echo '${b}'", WrapperTemplate.Render("echo ${a}", values));
    }

    [Fact]
    public void Placeholder_inside_command_substitution_is_replaced_even_within_double_quotes()
    {
        Assert.Equal("n=\"$(wc -l < 'in.txt')\"", Render("n=\"$(wc -l < ${query})\"", "query", "in.txt"));
    }

    [Fact]
    public void Placeholder_in_a_comment_is_left_as_is()
    {
        Assert.Equal("# uses ${query}\nrun 'a'", Render("# uses ${query}\nrun ${query}", "query", "a"));
    }

    [Fact]
    public void Placeholder_after_a_here_document_is_replaced()
    {
        Assert.Equal("cat <<EOF\nhello\nEOF\nrun 'a'", Render("cat <<EOF\nhello\nEOF\nrun ${query}", "query", "a"));
    }

    [Theory]
    [InlineData("echo \"${query}\"")]
    [InlineData("echo '${query}'")]
    [InlineData("echo `cat ${query}`")]
    [InlineData("echo $'x ${query}'")]
    [InlineData("cat <<EOF\n${query}\nEOF\n")]
    [InlineData("cat <<-'END' # comment\n\t${query}\n\tEND\n")]
    public void Placeholder_where_quoting_is_unsafe_is_refused(string template)
    {
        var refusal = Assert.Throws<WrapperTemplateException>(() => Render(template, "query", "a"));
        Assert.Contains("${query}", refusal.Message, StringComparison.Ordinal);
    }

    /// <summary>How the template check reads scripts that are easy to misread; null: every placeholder is allowed.</summary>
    [Theory]
    [InlineData("# $(( ${v} )) in a comment\nprintf '%s' ${v}", null)]
    [InlineData("let \\\n  n=${v}", "argument of let")]
    [InlineData("echo a[${v}\nprintf '%s' ${w}", "array subscript")]
    [InlineData("echo $(( 1 +\nprintf '%s' ${v}", "arithmetic expansion")]
    [InlineData("if [[ ${v} == a ]]; then (( x = 1 )); fi", null)]
    [InlineData("[[ ${v} == a && 1 -eq 1 ]]", null)]
    [InlineData("[[ ${w} == a || ${v} -eq 1 ]]", "operand of -eq")]
    [InlineData("[[ ${v} =~ ^(a|b)$ ]] && echo ok", null)]
    [InlineData("echo $(echo $(( ${v} )))", "arithmetic expansion")]
    [InlineData("echo ${v}[0] ${v}", null)]
    [InlineData("a[1]=${v}", null)]
    [InlineData("declare -A m=([k]=${v})", "argument of declare")]
    [InlineData("export PATH=${v}:$PATH", null)]
    [InlineData("echo $(( ${HOME} + 1 )) ${v}", null)]
    [InlineData("case $x in (a) let ${v};; esac", "argument of let")]
    [InlineData("case $x in a) echo ${w};; b|c) let ${v};; esac", "argument of let")]
    [InlineData("x=$(case $y in a) echo a;; esac) && let ${v}", "argument of let")]
    [InlineData("function f { let ${v}; }", "argument of let")]
    [InlineData("time let ${v}", "argument of let")]
    [InlineData("! let ${v}", "argument of let")]
    [InlineData("builtin printf -v ${v} x", "after printf -v")]
    [InlineData("while (( ${v} )); do :; done", "arithmetic command")]
    [InlineData("echo $(( 1 )) && let ${v}", "argument of let")]
    [InlineData("exec 3>&${v}", "target of a >& or <&")]
    [InlineData("echo ${v} 2>&1 >&2", null)]
    [InlineData("cat <<-EOF\n\t${v}\n\tEOF", "here-document")]
    [InlineData("a=(\n  ${v} # comment ${w}\n  [1]=${w}\n)", null)]
    [InlineData("a=(\n  [${v}]=1\n)", "array subscript")]
    [InlineData("select x in ${v}; do break; done", null)]
    [InlineData("for x in a; do let y=1; done; echo ${v}", null)]
    [InlineData("f() (let ${v})", "argument of let")]
    [InlineData("echo \"${x:-'}'}\" ${v}", null)]
    [InlineData("echo '$(( ${v} ))'", "single quotes")]
    [InlineData("echo $'\\'' $(( ${v} ))", "arithmetic expansion")]
    [InlineData("echo $'\\\\' $(( ${v} ))", "arithmetic expansion")]
    [InlineData("x=$((1+2)) printf '%s' ${v}", null)]
    [InlineData("echo $((", null)]
    [InlineData("n=${v}; declare -i n", "variable bash evaluates")]
    [InlineData("local -n ref=x; f() { ref=${v}; }", "variable bash evaluates")]
    [InlineData("f() { local -n ref=x; ref=${v}; }", "variable bash evaluates")]
    [InlineData("declare +i n; n=${v}", null)]
    [InlineData("\\let ${v}", "argument of let")]
    [InlineData("'eval' ${v}", "argument of eval")]
    [InlineData("echo x | while read -r n; do let m=n; done; printf '%s' ${v}", null)]
    [InlineData("[[ a ]]&& let ${v}", "argument of let")]
    [InlineData("for((i=0;i<${v};i++)); do :; done", "for (( … )) loop")]
    [InlineData("while((${v})); do :; done", "arithmetic command")]
    [InlineData("x=\"$(echo a[)\"\ny=$(ls)\necho \"${v}\"", "double quotes")]
    [InlineData("echo ${x:-{a} ${v}}", "another ${ … } expansion")]
    [InlineData("a[1\n+ ${v}]=5", "array subscript")]
    [InlineData("unset a[${v} ]", "array subscript")]
    [InlineData("echo a[ ${v}", null)]
    [InlineData("x=1 a[${v} + 1]=2", "array subscript")]
    public void Reads_unusual_scripts_as_bash_does_or_stricter(string template, string? refusal)
    {
        var problems = WrapperTemplate.FindProblems(template, ["v", "w"]);

        if (refusal is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(problems, problem => problem.Placeholder == "${v}" && problem.Message.Contains(refusal, StringComparison.Ordinal));
            Assert.DoesNotContain(problems, problem => problem.Placeholder == "${w}");
        }
    }

    [Fact]
    public void Every_refused_placeholder_is_reported_with_its_own_line()
    {
        var problems = WrapperTemplate.FindProblems("echo ok\nlet a=${n}\necho ${n}\n(( ${m} ))\n", ["n", "m"]);

        Assert.Equal([(2, "${n}"), (4, "${m}")], problems.Select(problem => (problem.Line, problem.Placeholder)));
    }

    [Fact]
    public void The_refusal_says_how_to_write_it_instead_with_a_variable_named_after_the_placeholder()
    {
        var problem = Assert.Single(WrapperTemplate.FindProblems("echo $(( ${input.count-1} + 1 ))", ["input.count-1"]));

        Assert.Equal(
            "line 1: ${input.count-1} is inside an arithmetic expansion $(( … )), where a quoted value is not safe. Bash evaluates that text as "
            + "an arithmetic expression, and an array subscript in it (x[$(cmd)]) runs a command whatever the quoting. Copy the value into a "
            + "variable and check it is a number first: input_count_1=${input.count-1}; [[ $input_count_1 =~ ^[0-9]+$ ]] || exit 2; then use "
            + "$(( 10#$input_count_1 + 1 )).",
            problem.Message);
    }

    [Fact]
    public void Rendering_refuses_before_replacing_anything_and_names_every_problem()
    {
        var values = new Dictionary<string, string?> { ["n"] = "1", ["m"] = "2" };

        var refusal = Assert.Throws<WrapperTemplateException>(() => WrapperTemplate.Render("let a=${n}\n[[ ${m} -gt 1 ]]\n", values));

        Assert.StartsWith("The wrapper template cannot be used: line 1: ${n} is in an argument of let", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("; line 2: ${m} is in an operand of -eq", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_placeholder_inside_quotes_is_fine()
    {
        Assert.Equal("echo \"${HOME}\"", Render("echo \"${HOME}\"", "query", "a"));
    }

    [Fact]
    public void Multiple_values_become_one_word_each()
    {
        var values = new Dictionary<string, IReadOnlyList<string>> { ["files"] = ["a b", "c'd"], ["none"] = [] };

        Assert.Equal(@"cat 'a b' 'c'\''d' ", WrapperTemplate.Render("cat ${files} ${none}", values));
    }

    [Fact]
    public void Rendered_script_run_by_the_shell_prints_hostile_values_and_runs_nothing()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"aloe-pwned-{Guid.NewGuid():N}");
        var values = new Dictionary<string, string?>
        {
            ["first"] = $"$(touch {marker}); x'\"",
            ["second"] = $"`touch {marker}`\nnext line",
        };

        var script = WrapperTemplate.Render("printf '%s|' ${first} ${second}\nx=${first}\nprintf '%s' \"$x\"", values);
        var printed = PosixShell.Run(script);

        Assert.Equal($"{values["first"]}|{values["second"]}|{values["first"]}", printed);
        Assert.False(File.Exists(marker), "a rendered value ran a command");
    }

    [Theory]
    [InlineData("\"text\"", "text")]
    [InlineData("1e3", "1e3")]
    [InlineData("2.50", "2.50")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", null)]
    public void Parameter_value_text_is_the_value_as_written(string json, string? expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, ParameterValueText.ToText(document.RootElement));
    }

    [Fact]
    public void Parameter_value_text_refuses_objects_and_arrays()
    {
        using var document = JsonDocument.Parse("[1]");

        Assert.Throws<ArgumentException>(() => ParameterValueText.ToText(document.RootElement));
    }
}
