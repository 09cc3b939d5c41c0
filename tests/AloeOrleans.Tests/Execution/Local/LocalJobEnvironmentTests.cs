using AloeOrleans.Grains.Execution.Local;
using Xunit;

namespace AloeOrleans.Tests.Execution.Local;

public sealed class LocalJobEnvironmentTests
{
    private static readonly Dictionary<string, string> None = new();

    [Fact]
    public void Only_PATH_HOME_and_LANG_are_given_when_the_system_sets_nothing() =>
        Assert.Equal(
            [new("PATH", "/usr/bin:/bin"), new("HOME", "/work/job-1"), new("LANG", "de_DE.UTF-8")],
            LocalJobEnvironment.For("/usr/bin:/bin", "/work/job-1", "de_DE.UTF-8", None));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void LANG_falls_back_to_C_UTF_8_when_the_service_has_none(string? serviceLang) =>
        Assert.Equal("C.UTF-8", LocalJobEnvironment.For("/bin", "/w", serviceLang, None).Single(variable => variable.Key == "LANG").Value);

    [Fact]
    public void The_systems_variables_follow_in_name_order_and_may_override_the_defaults()
    {
        var environment = LocalJobEnvironment.For("/bin", "/w", "C", new Dictionary<string, string>
        {
            ["ZETA"] = "z", ["ALPHA"] = "a b 'c' $x", ["PATH"] = "/opt/app/bin:/bin",
        });

        Assert.Equal(["PATH", "HOME", "LANG", "ALPHA", "ZETA"], environment.Select(variable => variable.Key));
        Assert.Equal("/opt/app/bin:/bin", environment[0].Value);
        Assert.Equal("a b 'c' $x", environment[3].Value);
    }

    [Theory]
    [InlineData("1ABC")]
    [InlineData("A-B")]
    [InlineData("A=B")]
    [InlineData("")]
    [InlineData("A B")]
    [InlineData("Ä")]
    public void A_variable_whose_name_is_not_a_shell_name_is_left_out(string name) =>
        Assert.Equal(3, LocalJobEnvironment.For("/bin", "/w", "C", new Dictionary<string, string> { [name] = "x" }).Count);
}
