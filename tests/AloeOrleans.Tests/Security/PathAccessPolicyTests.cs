using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Security;
using Xunit;

namespace AloeOrleans.Tests.Security;

/// <summary>
/// The file rule of docs/security.md, case by case: homes compared by segment after normalisation, shared paths
/// read-only, work dirs and roots never, admins everywhere.
/// </summary>
public sealed class PathAccessPolicyTests
{
    private static readonly PathAccessor Alice = new("alice", IsTenantAdmin: false);
    private static readonly PathAccessor Admin = new("root", IsTenantAdmin: true);

    private static readonly SystemDefinition Storage = new()
    {
        Id = "store",
        Type = SystemType.STORAGE,
        SharedPaths = ["reference", "/projects/shared/", "bad/../path", ""],
    };

    private static readonly SystemDefinition Execution = new()
    {
        Id = "hpc",
        Type = SystemType.EXECUTION,
        WorkDir = "scratch/work",
        SharedPaths = ["apps"],
    };

    [Theory]
    [InlineData("alice")]
    [InlineData("alice/")]
    [InlineData("/alice/x")]
    [InlineData("alice/./x")]
    [InlineData("./alice/x")]
    [InlineData("alice//archive/jobs/job-1/wc.txt")]
    [InlineData("//alice///x/")]
    public void Alice_reads_and_writes_under_her_home(string path)
    {
        Assert.True(Decide(Alice, Storage, path, PathAccess.Read).Allowed);
        Assert.True(Decide(Alice, Storage, path, PathAccess.Write).Allowed);
    }

    [Theory]
    [InlineData("alicex/data.txt")]
    [InlineData("Alice/data.txt")]
    [InlineData("bob/archive/jobs/job-1/wc.txt")]
    [InlineData("x/alice/data.txt")]
    [InlineData("apps/wc-1.0")]
    [InlineData("alice.txt")]
    [InlineData("alice\\x")]
    public void Anything_else_is_not_hers(string path)
    {
        var read = Decide(Alice, Storage, path, PathAccess.Read);
        var write = Decide(Alice, Storage, path, PathAccess.Write);

        Assert.False(read.Allowed);
        Assert.Equal("ordinary users read only under their own home folder 'alice/' or a shared path of system store (sharedPaths: reference, projects/shared)", read.Rule);
        Assert.False(write.Allowed);
        Assert.Equal("ordinary users write only under their own home folder 'alice/' (shared paths are read-only)", write.Rule);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("./")]
    [InlineData("//.//")]
    public void The_whole_root_is_refused(string path)
    {
        foreach (var access in new[] { PathAccess.Read, PathAccess.Write })
        {
            var decision = Decide(Alice, Storage, path, access);
            Assert.False(decision.Allowed);
            Assert.StartsWith("it is the whole root of system store", decision.Rule, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("reference/genomes/hg38.fa")]
    [InlineData("/reference/./genomes")]
    [InlineData("projects/shared/data")]
    public void Shared_paths_are_read_only(string path)
    {
        Assert.True(Decide(Alice, Storage, path, PathAccess.Read).Allowed);

        var write = Decide(Alice, Storage, path, PathAccess.Write);
        Assert.False(write.Allowed);
        Assert.Contains("a shared path of system store, which is read-only", write.Rule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("referenced/x")]
    [InlineData("projects")]
    [InlineData("projects/sharedx")]
    [InlineData("bad")]
    [InlineData("path")]
    public void A_folder_next_to_or_above_a_shared_path_is_not_shared(string path) =>
        Assert.False(Decide(Alice, Storage, path, PathAccess.Read).Allowed);

    [Fact]
    public void A_system_without_shared_paths_says_so()
    {
        var decision = Decide(Alice, Storage with { SharedPaths = [] }, "reference/x", PathAccess.Read);

        Assert.Contains("a shared path of system store (it declares none)", decision.Rule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scratch/work")]
    [InlineData("scratch/work/dev/bob/job-1/secret.txt")]
    [InlineData("/scratch/./work/dev/alice/job-2")]
    [InlineData("scratch")]
    public void An_execution_systems_work_dir_or_a_folder_holding_it_is_never_an_input_or_target(string path)
    {
        foreach (var access in new[] { PathAccess.Read, PathAccess.Write })
        {
            var decision = Decide(Alice, Execution, path, access);
            Assert.False(decision.Allowed);
            Assert.Contains("the work dir 'scratch/work' of execution system hpc", decision.Rule, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Work_dirs_win_over_a_home_or_a_shared_path_that_holds_them()
    {
        var odd = Execution with { WorkDir = "alice/work", SharedPaths = ["apps", "alice"] };

        Assert.False(Decide(Alice, odd, "alice/work/x", PathAccess.Read).Allowed);
        Assert.True(Decide(Alice, odd, "alice/data", PathAccess.Read).Allowed);
        Assert.True(Decide(Alice, odd, "apps/wc", PathAccess.Read).Allowed);
    }

    [Theory]
    [InlineData("/")]
    [InlineData(".")]
    [InlineData("a/../b")]
    public void A_work_dir_at_the_root_or_unusable_closes_the_whole_system(string workDir)
    {
        var system = Execution with { WorkDir = workDir };

        Assert.False(Decide(Alice, system, "alice/data", PathAccess.Read).Allowed);
        Assert.False(Decide(Alice, system, "apps/wc", PathAccess.Read).Allowed);
    }

    [Fact]
    public void A_storage_systems_work_dir_field_means_nothing()
    {
        var storage = Storage with { WorkDir = "alice" };

        Assert.True(Decide(Alice, storage, "alice/data", PathAccess.Write).Allowed);
    }

    [Theory]
    [InlineData("alice/../bob/x", "it contains a '..' segment")]
    [InlineData("..", "it contains a '..' segment")]
    [InlineData("alice/x\ny", "it contains control characters")]
    [InlineData("alice/\0", "it contains control characters")]
    public void Paths_that_cannot_be_normalised_are_refused(string path, string rule)
    {
        var decision = Decide(Alice, Storage, path, PathAccess.Read);

        Assert.False(decision.Allowed);
        Assert.Equal(rule, decision.Rule);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("bob/x")]
    [InlineData("a\\b")]
    [InlineData("tab\t")]
    public void A_user_name_that_cannot_be_a_folder_reads_and_writes_nothing(string user)
    {
        var accessor = new PathAccessor(user, IsTenantAdmin: false);

        foreach (var path in new[] { $"{user}/x", "bob/x", "x", "reference/x" })
        {
            Assert.False(Decide(accessor, Storage, path, PathAccess.Write).Allowed, path);
            Assert.False(Decide(accessor, Storage, path, PathAccess.Read).Allowed, path);
        }

        Assert.Contains("cannot name a home folder", Decide(accessor, Storage, "bob/x", PathAccess.Read).Rule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("")]
    [InlineData("bob/archive/x")]
    [InlineData("reference/x")]
    [InlineData("apps/wc-1.0")]
    public void A_tenant_admin_reads_and_writes_anywhere(string path)
    {
        Assert.True(Decide(Admin, Storage, path, PathAccess.Read).Allowed);
        Assert.True(Decide(Admin, Storage, path, PathAccess.Write).Allowed);
        Assert.True(Decide(Admin, Execution, "scratch/work/dev/bob/job-1", PathAccess.Read).Allowed);
    }

    private static PathAccessDecision Decide(PathAccessor accessor, SystemDefinition system, string path, PathAccess access) =>
        PathAccessPolicy.Decide(accessor, system, path, access);
}
