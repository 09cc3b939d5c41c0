using AloeOrleans.Gateway.Operations;
using AloeOrleans.Grains.Configuration;
using Xunit;

namespace AloeOrleans.Tests.Operations;

/// <summary>The operator pages' settings: safe paths apart from the API's, no empty operator tenant, a long enough credential.</summary>
public sealed class OperationsOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(OptionRules.Check(new OperationsOptions(), OperationsOptions.SectionName));
    }

    [Theory]
    [InlineData("/metrics", true)]
    [InlineData("/ops/metrics", true)]
    [InlineData("/dash_board-2/", true)]
    [InlineData("", false)]
    [InlineData("metrics", false)]
    [InlineData("/", false)]
    [InlineData("//", false)]
    [InlineData("/jobs", false)]
    [InlineData("/JOBS/metrics", false)]
    [InlineData("/health", false)]
    [InlineData("/systems/x", false)]
    [InlineData("/apps", false)]
    [InlineData("/openapi", false)]
    [InlineData("/notifications", false)]
    [InlineData("/a b", false)]
    [InlineData("/../metrics", false)]
    [InlineData("/metrics?x=1", false)]
    [InlineData("/metrics%2F", false)]
    public void Paths_are_absolute_safe_and_apart_from_the_api(string path, bool valid)
    {
        Assert.Equal(valid, OperatorPaths.IsValid(path));
        var failures = OptionRules.Check(new OperationsOptions { MetricsPath = path }, OperationsOptions.SectionName);
        Assert.Equal(valid, failures.Count == 0);
    }

    [Fact]
    public void An_overlong_path_is_refused()
    {
        Assert.False(OperatorPaths.IsValid("/" + new string('m', 101)));
    }

    [Fact]
    public void The_two_pages_need_two_paths()
    {
        var failures = OptionRules.Check(new OperationsOptions { MetricsPath = "/ops", DashboardPath = "/ops/" }, OperationsOptions.SectionName);
        Assert.Contains(failures, failure => failure.Contains("DashboardPath", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_operator_tenant_is_refused()
    {
        var failures = OptionRules.Check(new OperationsOptions { OperatorTenants = ["ops", " "] }, OperationsOptions.SectionName);
        Assert.Contains(failures, failure => failure.Contains("OperatorTenants", StringComparison.Ordinal));
    }

    [Fact]
    public void The_credential_file_must_exist_and_hold_32_characters()
    {
        var folder = Directory.CreateTempSubdirectory("aloe-operator-").FullName;
        try
        {
            var shortFile = Path.Combine(folder, "short");
            File.WriteAllText(shortFile, "  " + new string('x', 31) + "\n");
            var goodFile = Path.Combine(folder, "good");
            File.WriteAllText(goodFile, new string('x', 32) + "\n");

            Assert.Contains(OptionRules.Check(new OperationsOptions { OperatorTokenFile = shortFile }, OperationsOptions.SectionName),
                failure => failure.Contains("at least 32 characters", StringComparison.Ordinal));
            Assert.Contains(OptionRules.Check(new OperationsOptions { OperatorTokenFile = Path.Combine(folder, "missing") }, OperationsOptions.SectionName),
                failure => failure.Contains("cannot be read", StringComparison.Ordinal));
            Assert.Empty(OptionRules.Check(new OperationsOptions { OperatorTokenFile = goodFile }, OperationsOptions.SectionName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
