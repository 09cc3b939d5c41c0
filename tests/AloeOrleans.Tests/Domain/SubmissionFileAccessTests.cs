using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Submission;
using Xunit;
using static AloeOrleans.Tests.Domain.CatalogSamples;

namespace AloeOrleans.Tests.Domain;

/// <summary>
/// The file check of a submission (<see cref="SubmissionValidator"/> with its tenant): which inputs and archive paths
/// an ordinary user and an admin may name, and how the refusals are reported (kind Forbidden, field, path, rule).
/// </summary>
public sealed class SubmissionFileAccessTests
{
    private static readonly SubmissionIdentity Alice = Identity;

    private static readonly SubmissionIdentity Admin = Identity with { Owner = "root", IsTenantAdmin = true };

    private static readonly SystemDefinition Store = Storage with { SharedPaths = ["reference"] };

    private static readonly SystemDefinition Work = Fork with { WorkDir = "work" };

    private static readonly AppDefinition OneInput = App with { ExecutionSystem = "local", Inputs = [Input("data", max: -1)] };

    [Theory]
    [InlineData("alice/in.txt")]
    [InlineData("/alice/in.txt")]
    [InlineData("agave://store/alice/in.txt")]
    [InlineData("agave://local/alice/in.txt")]
    [InlineData("reference/genome.fa")]
    [InlineData("agave://store/reference")]
    [InlineData("http://files.example.org/bob/in.txt")]
    [InlineData("ftp://files.example.org/bob/in.txt")]
    public void Alice_may_read_her_home_shared_paths_and_urls(string value) =>
        Assert.True(Validate(Request(value), Alice).IsValid, string.Join("; ", Validate(Request(value), Alice).Errors.Select(error => error.Message)));

    [Theory]
    [InlineData("bob/archive/jobs/job-1/wc.txt", "'bob/archive/jobs/job-1/wc.txt' on system store: ordinary users read only under their own home folder 'alice/'")]
    [InlineData("agave://store/bob/archive/jobs/job-1/wc.txt", "'agave://store/bob/archive/jobs/job-1/wc.txt' (path 'bob/archive/jobs/job-1/wc.txt' on system store): ordinary users read only")]
    [InlineData("agave://local/work/tenant-a/bob/job-1/out.txt", "(path 'work/tenant-a/bob/job-1/out.txt' on system local): it is in or holds the work dir 'work' of execution system local")]
    [InlineData("agave://local/work", "it is in or holds the work dir 'work'")]
    [InlineData("/", "'/' on system store: it is the whole root of system store")]
    [InlineData("./", "'./' on system store: it is the whole root of system store")]
    [InlineData("agave://store/.", "it is the whole root of system store")]
    [InlineData("alicex/in.txt", "'alicex/in.txt' on system store: ordinary users read only under their own home folder 'alice/'")]
    [InlineData("apps/wc-1.0/wc.sh", "sharedPaths: reference")]
    public void Alice_may_not_read_anything_else(string value, string rule)
    {
        var error = Assert.Single(Validate(Request(value), Alice).Errors);

        Assert.Equal(SubmissionErrorKind.Forbidden, error.Kind);
        Assert.Equal("inputs.data", error.Field);
        Assert.StartsWith("inputs.data: you may not read '", error.Message, StringComparison.Ordinal);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("agave://nowhere/x", "inputs.data: 'agave://nowhere/x' cannot be read: system 'nowhere' does not exist in tenant tenant-a")]
    [InlineData("sftp://hpc.example.org/home/x", "inputs.data: 'sftp://hpc.example.org/home/x' cannot be read: no SFTP system of tenant tenant-a on hpc.example.org:22")]
    public void An_input_on_no_system_of_the_tenant_is_invalid_for_everyone(string value, string message)
    {
        foreach (var who in new[] { Alice, Admin })
        {
            var error = Assert.Single(Validate(Request(value), who).Errors);
            Assert.Equal(SubmissionErrorKind.Invalid, error.Kind);
            Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("alice/results", true)]
    [InlineData("/alice/./results/", true)]
    [InlineData("apps/wc-1.0", false)]
    [InlineData("bob/archive", false)]
    [InlineData("reference/out", false)]
    [InlineData("/", false)]
    [InlineData(".", false)]
    public void Alice_archives_only_under_her_home(string archivePath, bool allowed)
    {
        var result = Validate(Request("alice/in.txt") with { Archive = true, ArchivePath = archivePath }, Alice);

        Assert.Equal(allowed, result.IsValid);
        if (!allowed)
        {
            var error = Assert.Single(result.Errors);
            Assert.Equal(("archivePath", SubmissionErrorKind.Forbidden), (error.Field, error.Kind));
            Assert.StartsWith($"archivePath: you may not write '{archivePath}' on system store: ", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_archive_path_is_not_checked_when_the_job_does_not_archive()
    {
        Assert.True(Validate(Request("alice/in.txt") with { Archive = false, ArchivePath = "apps/wc-1.0" }, Alice).IsValid);
    }

    [Fact]
    public void An_admin_reads_and_writes_anywhere_in_the_tenant()
    {
        // The system's root, as a path and as a URI, in two requests: both would stage under one name.
        foreach (var root in new[] { "/", "agave://store/." })
        {
            var request = Request("bob/archive/x", "agave://local/work/tenant-a/bob/job-1", root) with
            {
                Archive = true,
                ArchivePath = "apps/wc-1.0",
            };

            Assert.True(Validate(request, Admin).IsValid, string.Join("; ", Validate(request, Admin).Errors.Select(error => error.Message)));
        }
    }

    [Fact]
    public void App_defaults_are_checked_like_given_inputs()
    {
        var app = OneInput with { Inputs = [Input("data", defaultJson: "\"agave://store/bob/default.txt\"")] };

        var error = Assert.Single(SubmissionValidator.Validate(BaseRequest with { Archive = false }, Alice, app, Work, Store, TenantOf(Work, Store)).Errors);

        Assert.Equal(SubmissionErrorKind.Forbidden, error.Kind);
        Assert.Contains("bob/default.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_refused_value_is_listed_with_the_other_errors()
    {
        var request = Request("alice/ok.txt", "bob/a.txt", "agave://nowhere/b") with
        {
            Archive = true,
            ArchivePath = "apps/x",
            NodeCount = 0,
        };

        var errors = Validate(request, Alice).Errors;

        Assert.Equal(
            [("archivePath", SubmissionErrorKind.Forbidden), ("inputs.data", SubmissionErrorKind.Invalid), ("inputs.data", SubmissionErrorKind.Forbidden), ("nodeCount", SubmissionErrorKind.Invalid)],
            errors.Select(error => (error.Field, error.Kind)).OrderBy(pair => pair.Field, StringComparer.Ordinal).ThenBy(pair => pair.Kind));
    }

    private static SubmissionRequest Request(params string[] values) => BaseRequest with
    {
        Archive = false,
        Inputs = new Dictionary<string, IReadOnlyList<string>> { ["data"] = values },
    };

    private static SubmissionValidationResult Validate(SubmissionRequest request, SubmissionIdentity who) =>
        SubmissionValidator.Validate(request, who, OneInput, Work, Store, TenantOf(Work, Store));
}
