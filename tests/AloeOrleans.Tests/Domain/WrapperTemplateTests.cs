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
